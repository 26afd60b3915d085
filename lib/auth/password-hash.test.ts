import { describe, expect, it } from "vitest";
import { SCRYPT_PARAMS, hashPassword, needsRehash, verifyPassword } from "./password-hash";

describe("password hashing", () => {
  it("verifies the password it hashed and rejects any other", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("stores the scrypt parameters and a fresh salt with every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).toMatch(new RegExp(`^\\$scrypt\\$ln=${SCRYPT_PARAMS.logN},r=${SCRYPT_PARAMS.r},p=${SCRYPT_PARAMS.p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b);
  });

  it("uses parameters at least as strong as one of OWASP's minimum scrypt configurations", () => {
    const owaspMinimums = [
      { logN: 17, r: 8, p: 1 },
      { logN: 16, r: 8, p: 2 },
      { logN: 15, r: 8, p: 3 },
      { logN: 14, r: 8, p: 5 },
      { logN: 13, r: 8, p: 10 },
    ];
    const { logN, r, p } = SCRYPT_PARAMS;
    expect(owaspMinimums.some((m) => logN >= m.logN && r >= m.r && p >= m.p)).toBe(true);
  });

  it("treats equal Unicode passwords in different normal forms as the same password", async () => {
    const hash = await hashPassword("caf\u00e9 au lait, s'il vous pla\u00eet");
    expect(await verifyPassword("cafe\u0301 au lait, s'il vous pla\u00eet", hash)).toBe(true);
  });

  it("rejects a malformed stored hash instead of throwing", async () => {
    expect(await verifyPassword("x", "plaintext")).toBe(false);
    expect(await verifyPassword("x", "$scrypt$ln=99,r=8,p=1$AAAA$BBBB")).toBe(false);
  });

  it("asks for a rehash when a stored hash used other parameters", async () => {
    expect(needsRehash(await hashPassword("x"))).toBe(false);
    expect(needsRehash("$scrypt$ln=12,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(true);
  });
});
