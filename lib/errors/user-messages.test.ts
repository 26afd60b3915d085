import { describe, expect, it } from "vitest";
import { USER_MESSAGES, messageFor } from "./user-messages";

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
