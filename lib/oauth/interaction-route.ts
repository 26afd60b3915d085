import type { IncomingMessage, ServerResponse } from "node:http";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { messageFor, type UserMessageCode } from "@/lib/errors/user-messages";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import { finishIfRemembered, decideInteraction, type InteractionDependencies, type Person } from "./interaction";
import { consentPagePath, interactionPath } from "./paths";
import { plainPage } from "./plain-page";

/**
 * `/oauth/interaction/<uid>`, where oidc-provider sends the browser when an authorization needs the person:
 *  - GET: nobody signed in at Gatehouse → `/login?return_to=` this URL; a consent that already covers the request →
 *    straight back to the authorization endpoint; otherwise → the consent page (Next.js).
 *  - POST `/decide` (the consent page's "Allow" / "Deny"): ends the interaction and resumes the authorization.
 * Both first check the interaction cookie oidc-provider set on this browser (so a uid alone, seen in a URL or a
 * log, opens nothing), and both take the person from Gatehouse's own session, never from the library's.
 * A cross-site POST is refused by the server before it gets here (public-origins.ts), and the cookie is SameSite.
 */
export type InteractionRouteDependencies = InteractionDependencies & {
  /** The person Gatehouse's session cookie names, or null (signed out, or a new password still to choose). */
  personOf(req: IncomingMessage): Promise<Person | null>;
};

export async function answerInteraction(dependencies: InteractionRouteDependencies, req: IncomingMessage, res: ServerResponse, uid: string, decide: boolean): Promise<void> {
  const { provider } = dependencies;
  // A refusal is audited (the reason and the address; never a cookie or a token) before the page says why.
  const refuse = async (code: UserMessageCode, person?: Person | null) => {
    await recordAuditEvent(
      dependencies.db,
      {
        kind: "oauth.interaction",
        outcome: "failure",
        actor: person ? { type: "user", id: person.userId, label: person.label } : { type: "anonymous" },
        tenantId: person?.tenantId ?? null,
        clientIp: String(req.headers[CLIENT_IP_HEADER] ?? ""),
        detail: { reason: code },
      },
      dependencies.clock,
    );
    page(res, 400, code);
  };
  const interaction = await provider.interactionDetails(req, res).catch(() => undefined);
  if (!interaction || interaction.uid !== uid) return refuse("oauth_interaction_expired");

  const person = await dependencies.personOf(req);
  if (!person) return redirect(res, `/login?return_to=${encodeURIComponent(interactionPath(uid))}`);

  if (!decide) {
    if (req.method !== "GET" && req.method !== "HEAD") return page(res, 405, "not_found");
    const remembered = await finishIfRemembered(dependencies, uid, person);
    if (remembered?.ok) return redirect(res, remembered.location);
    if (remembered) return refuse(remembered.code, person);
    return redirect(res, consentPagePath(uid));
  }

  if (req.method !== "POST") return page(res, 405, "not_found");
  const decision = new URLSearchParams((await readBody(req, 4096)) ?? "").get("decision");
  if (decision !== "allow" && decision !== "deny") return refuse("oauth_request_invalid", person);
  const outcome = await decideInteraction(dependencies, uid, person, decision);
  if (!outcome.ok) return refuse(outcome.code, person);
  return redirect(res, outcome.location);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, "cache-control": "no-store" }).end();
}

function page(res: ServerResponse, status: number, code: UserMessageCode): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(plainPage(messageFor(code)));
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(undefined));
  });
}
