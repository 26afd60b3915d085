import type { BenchReport } from "./report";

/**
 * The figures `npm run bench` also writes to bench/results.json, one number per key, for scripts. Each benchmark
 * reports the keys it measures in its `results`; the file holds exactly these keys, in this order.
 */
export const RESULT_KEYS = [
  "sso_cpu_ms_platform",
  "sso_cpu_ms_tenant",
  "sso_db_round_trips_platform",
  "sso_db_round_trips_tenant",
  "sso_outbound_calls_platform",
  "sso_outbound_calls_tenant",
  "password_signins_per_s_per_vcpu",
  "me_cpu_ms",
  "me_db_round_trips",
  "rss_idle_mb",
  "rss_10k_sessions_mb",
  "hrd_p99_ms",
  "mcp_auth_overhead_pct",
  "mcp_validated_vs_raw_verify_pct",
  "mcp_added_p99_ms",
  "code_exchanges_per_s_per_vcpu",
  "refresh_grants_per_s_per_vcpu",
  "mcp_gatehouse_vs_entra_token_cpu_ratio",
  "client_credentials_per_s_per_vcpu",
  "api_key_vs_jwt_cpu_ratio",
] as const;

export type ResultKey = (typeof RESULT_KEYS)[number];
export type Results = Partial<Record<ResultKey, number>>;

/** The JSON text of every key's number; throws when a key is missing or is not a finite number. */
export function resultsJson(reports: BenchReport[]): string {
  const all: Results = Object.assign({}, ...reports.map((r) => r.results ?? {}));
  const missing = RESULT_KEYS.filter((key) => !Number.isFinite(all[key]));
  if (missing.length) throw new Error(`no figure for ${missing.join(", ")}`);
  return `${JSON.stringify(Object.fromEntries(RESULT_KEYS.map((key) => [key, round(all[key]!)])), null, 2)}\n`;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
