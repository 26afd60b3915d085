import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CookieJar } from "./cookie-jar";

/**
 * A page's server-action form as a browser without JavaScript submits it: Next.js renders the action's id and
 * bound state into hidden `$ACTION_…` fields, and a multipart POST of those plus the visible fields to the page runs
 * the action (Origin must be the broker's, Next.js's CSRF rule). For benchmarks and input tests that need no
 * browser: the /login form (which works without JavaScript), and the SSO card (which needs the page's script, so
 * it is called the way that script calls it).
 */
export async function formActionFields(pageUrl: string, jar = new CookieJar()): Promise<Record<string, string>> {
  const html = await (await fetch(pageUrl, { headers: { cookie: jar.header() } })).text();
  const form = /<form[^>]*encType="multipart\/form-data"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (!form) throw new Error(`no server-action form on ${pageUrl}`);
  const fields: Record<string, string> = {};
  for (const input of form.matchAll(/<input type="hidden" name="(\$ACTION[^"]*)"(?: value="([^"]*)")?\/>/g))
    fields[unescapeHtml(input[1]!)] = unescapeHtml(input[2] ?? "");
  if (!Object.keys(fields).some((name) => name.startsWith("$ACTION_1:0"))) throw new Error(`the form on ${pageUrl} carries no server action`);
  return fields;
}

/**
 * `origin` is the public origin a browser would send: behind a load balancer that is not the instance's own address,
 * and Gatehouse pins Next.js's server-action origin check to its public URL.
 */
export async function postForm(
  pageUrl: string,
  actionFields: Record<string, string>,
  input: Record<string, string | Blob>,
  jar = new CookieJar(),
  origin = new URL(pageUrl).origin,
) {
  const body = new FormData();
  for (const [name, value] of Object.entries(actionFields)) body.append(name, value);
  for (const [name, value] of Object.entries(input)) body.append(name, value);
  const response = await fetch(pageUrl, { method: "POST", body, redirect: "manual", headers: { origin, cookie: jar.header() } });
  jar.take(response);
  return { response, jar };
}

export const loginFormActionFields = (brokerUrl: string) => formActionFields(`${brokerUrl}/login`);

export const postLoginForm = (brokerUrl: string, actionFields: Record<string, string>, input: Record<string, string | Blob>, jar?: CookieJar, origin?: string) =>
  postForm(`${brokerUrl}/login`, actionFields, input, jar, origin);

function unescapeHtml(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** A server action's id, from the production build's manifest (client components carry it in their scripts only). */
export function serverActionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${file}; build first`);
  return found[0];
}

/**
 * A `useActionState` action called as the page's own script calls it: header `Next-Action`, the arguments
 * (previous state, then the form) encoded as React encodes a reply — the form's fields prefixed `1_` and the root
 * `0` referring to them.
 */
export async function callFormAction(
  pageUrl: string,
  actionId: string,
  input: Record<string, string | Blob>,
  jar = new CookieJar(),
  origin = new URL(pageUrl).origin,
) {
  const body = new FormData();
  for (const [name, value] of Object.entries(input)) body.append(`1_${name}`, value);
  body.append("0", JSON.stringify(["$undefined", "$K1"]));
  const response = await fetch(pageUrl, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { "next-action": actionId, accept: "text/x-component", origin, cookie: jar.header() },
  });
  jar.take(response);
  return { response, jar };
}
