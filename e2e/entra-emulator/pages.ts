import { entraTimestamp, type EntraError, type TraceContext } from "./errors";
import type { DirectoryUser } from "./directory";

/**
 * The HTML pages a browser sees at the emulator. Kept plain, but with the texts and shapes a browser test relies
 * on: the picker's buttons are named by the person's name and username; the error page says what Entra's says.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0}
main{max-width:440px;margin:48px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
.account{display:block;width:100%;text-align:left;padding:12px;margin:0 0 8px;border:1px solid #ccc;background:#fff;cursor:pointer}
.account:hover{background:#e6e6e6}.username,.directory{display:block;color:#555;font-size:13px}
.details{font-size:12px;color:#555;white-space:pre-wrap;word-break:break-all}
</style></head>
<body><main>
<p>Microsoft (emulated)</p>
${body}
</main></body></html>`;
}

export function accountPickerPage(loginAction: string, handle: string, accounts: DirectoryUser[], hint: string | undefined): string {
  const buttons = accounts
    .map(
      ({ tenant, user }) => `<button class="account" type="submit" name="account" value="${escapeHtml(`${tenant.id}:${user.oid}`)}" data-oid="${escapeHtml(user.oid)}" data-tenant-id="${escapeHtml(tenant.id)}">
<span class="name">${escapeHtml(user.name)}</span> <span class="username">${escapeHtml(user.preferredUsername)}</span> <span class="directory">${escapeHtml(tenant.displayName)}</span>
</button>`,
    )
    .join("\n");
  const empty = accounts.length === 0 ? "<p>No account can sign in here.</p>" : "";
  const hintLine = hint ? `<p class="hint">Signing in as ${escapeHtml(hint)}</p>` : "";
  return page(
    "Sign in to your account",
    `<h1>Pick an account</h1>
${hintLine}
<form method="post" action="${escapeHtml(loginAction)}">
<input type="hidden" name="handle" value="${escapeHtml(handle)}">
${buttons}${empty}
</form>`,
  );
}

/** Entra's error page: no redirect, because the redirect URI (or the whole request) is not trusted. */
export function errorPage(error: EntraError, trace: TraceContext): string {
  return page(
    "Sign in to your account",
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p id="error-message">${escapeHtml(error.message)}</p>
<p class="details">Troubleshooting details
Request Id: ${escapeHtml(trace.traceId)}
Correlation Id: ${escapeHtml(trace.correlationId)}
Timestamp: ${escapeHtml(entraTimestamp(trace.at))}
Message: ${escapeHtml(error.message)}</p>`,
  );
}

export function expiredSignInPage(trace: TraceContext): string {
  return page(
    "Sign in to your account",
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p id="error-message">This sign-in page has expired or was already used. Go back to the application and start again.</p>
<p class="details">Request Id: ${escapeHtml(trace.traceId)}</p>`,
  );
}

/** `response_mode=form_post`: the page Entra returns, which posts the result to the redirect URI by script. */
export function formPostPage(action: string, fields: [string, string][]): string {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}" />`).join("");
  return `<html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(action)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form><script language="javascript">document.forms[0].submit();</script></body></html>`;
}

export function signedOutPage(): string {
  return page("Sign out", `<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>`);
}
