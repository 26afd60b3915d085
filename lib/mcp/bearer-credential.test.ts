import { describe, expect, it } from "vitest";
import { bearerCredential } from "./bearer-credential";

describe("bearerCredential", () => {
  it("reads a bearer token from the Authorization header", () => {
    expect(bearerCredential("Bearer eyJ.abc.def")).toEqual({ kind: "bearer", token: "eyJ.abc.def" });
    expect(bearerCredential("bearer eyJ.abc.def")).toEqual({ kind: "bearer", token: "eyJ.abc.def" });
  });

  it("says none when no header was sent", () => {
    expect(bearerCredential(undefined)).toEqual({ kind: "none" });
  });

  it("refuses another scheme, two tokens, or characters a token never has", () => {
    for (const header of ["Basic dXNlcjpwdw==", "Bearer a b", "Bearer", "Bearer <script>", `Bearer ${"a".repeat(20_000)}`])
      expect(bearerCredential(header)).toEqual({ kind: "malformed" });
  });
});
