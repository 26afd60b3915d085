import type { SsoStatus } from "@/lib/sso/sso-status";
import { ssoStatusTone, type SsoStatusTone } from "@/lib/sso/sso-status-tone";

const TONE_CLASSES: Record<SsoStatusTone, string> = {
  active: "bg-green-100 text-green-800 ring-green-200",
  attention: "bg-amber-100 text-amber-900 ring-amber-200",
  off: "bg-slate-100 text-slate-700 ring-slate-200",
  failing: "bg-red-100 text-red-800 ring-red-200",
};

/** A workspace's SSO status as a pill whose colour follows its state (the settings card and the console share it). */
export function SsoStatusPill({ status, testId, live = false }: { status: SsoStatus; testId?: string; live?: boolean }) {
  const tone = ssoStatusTone(status);
  return (
    <span
      role={live ? "status" : undefined}
      data-testid={testId}
      data-tone={tone}
      className={`inline-block rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${TONE_CLASSES[tone]}`}
    >
      {status}
    </span>
  );
}
