import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-failure";

const coded = (code: string, cause?: unknown) => Object.assign(new Error(code, { cause }), { code });

describe("isDatabaseUnavailable", () => {
  it("recognizes the driver's connection failures and the client's own silence bound, also wrapped by Drizzle", () => {
    for (const code of ["CONNECTION_CLOSED", "CONNECT_TIMEOUT", "CONNECTION_SILENT", "ECONNREFUSED", "ECONNRESET"])
      expect(isDatabaseUnavailable(new Error("Failed query: select 1", { cause: coded(code) })), code).toBe(true);
  });

  it("recognizes a statement timeout, a server shutting down and a connection exception by SQLSTATE", () => {
    for (const code of ["57014", "57P01", "08006", "53300"]) expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
  });

  it("does not take a fault of the query or of the code for an outage", () => {
    for (const error of [coded("23505"), coded("42P01"), new TypeError("x is undefined"), "a string", undefined])
      expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
