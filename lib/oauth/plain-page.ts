/**
 * The one page the authorization server renders itself (an error it cannot send back to the client): Gatehouse's
 * name and one sentence from the message registry, escaped, with an optional technical code under it.
 */
export function plainPage(message: string, code?: string): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const detail = code ? `<p style="color:#666;font-size:.875rem">${escape(code)}</p>` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gatehouse</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1 style="font-size:1.25rem">Gatehouse</h1><p>${escape(message)}</p>${detail}</body></html>`;
}
