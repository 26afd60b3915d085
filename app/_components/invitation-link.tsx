"use client";

import { useState } from "react";
import { inputClass, secondaryButtonClass } from "./ui";

/** An invitation link shown once to staff, with a Copy button (the field selects itself too, for a manual copy). */
export function InvitationLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-2 flex min-w-0 flex-col gap-2 sm:flex-row">
      <input readOnly aria-label="Invitation link" value={url} className={`${inputClass} mt-0 min-w-0 font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        className={`${secondaryButtonClass} shrink-0`}
        onClick={() => {
          void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false));
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
