import { describe, expect, it } from "vitest";
import { USER_MESSAGES, idpMessage, messageFor, removedMessage } from "./user-messages";

describe("messageFor", () => {
  it("gives each code its sentence, and Auth.js's error types theirs", () => {
    expect(messageFor("domain_not_allowed")).toBe("Your email domain is not allowed to sign in here");
    expect(messageFor("InvalidCheck")).toBe("Microsoft sign-in session expired");
  });

  it("answers anything else, including names inherited from Object.prototype, with the generic sentence", () => {
    for (const code of ["__proto__", "constructor", "toString", "hasOwnProperty", "nope", "", null, undefined])
      expect(messageFor(code)).toBe(USER_MESSAGES.unexpected);
  });
});

describe("sentences that name something", () => {
  it("names the workspace a person was removed from, in the contract's words", () => {
    expect(removedMessage("Contoso")).toBe("You were removed from Contoso. Ask an admin to invite you again.");
  });
  it("names a workspace's identity provider by its display name", () => {
    expect(idpMessage("continue_with_idp", "Acme Okta")).toBe("Continue with Acme Okta");
    expect(idpMessage("sso_no_supported_role_named", "Acme Okta")).toBe("This Acme Okta account is not assigned a supported role");
  });
});
