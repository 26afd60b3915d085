import { hash as argon2Hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "./password-hash";

// Written by the scrypt implementation that came before Argon2id, for the password "correct horse battery staple".
const SCRYPT_HASH = "$scrypt$ln=14,r=8,p=5$_AmzqdAFrWNdl-IpCi-adg$7WbvG_dFlg1VHoL8T9fRKoY2dt4ekYrT7UirafMg8hE";

/** Reads a PHC string by hand, so the test does not trust the code under test to describe its own output. */
function parsePhc(stored: string) {
  const [empty, id, version, params, salt, key, ...rest] = stored.split("$");
  expect([empty, rest]).toEqual(["", []]);
  const fields = Object.fromEntries(params!.split(",").map((kv) => kv.split("=") as [string, string]));
  return { id, version, fields, salt: Buffer.from(salt!, "base64"), key: Buffer.from(key!, "base64") };
}

describe("password hashing", () => {
  it("stores a new password as Argon2id with m=19456 KiB, t=2, p=1 in a PHC string", async () => {
    const phc = parsePhc(await hashPassword("correct horse battery staple"));
    expect(phc.id).toBe("argon2id");
    expect(phc.version).toBe("v=19");
    expect(phc.fields).toEqual({ m: "19456", t: "2", p: "1" });
    expect(phc.salt).toHaveLength(16);
    expect(phc.key).toHaveLength(32);
  });

  it("gives every hash a fresh salt", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(parsePhc(a).salt.equals(parsePhc(b).salt)).toBe(false);
  });

  it("verifies the password an Argon2id hash was made from and refuses any other", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("still verifies a hash in the scrypt format written before Argon2id, and refuses a wrong password against it", async () => {
    expect(await verifyPassword("correct horse battery staple", SCRYPT_HASH)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", SCRYPT_HASH)).toBe(false);
  });

  it("treats equal Unicode passwords in different normal forms as the same password", async () => {
    const hash = await hashPassword("caf\u00e9 au lait, s'il vous pla\u00eet");
    expect(await verifyPassword("cafe\u0301 au lait, s'il vous pla\u00eet", hash)).toBe(true);
  });

  it("rejects a malformed stored hash instead of throwing", async () => {
    expect(await verifyPassword("x", "plaintext")).toBe(false);
    expect(await verifyPassword("x", "$scrypt$ln=99,r=8,p=1$AAAA$BBBB")).toBe(false);
    expect(await verifyPassword("x", "$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB")).toBe(false);
    expect(await verifyPassword("x", "$argon2id$v=19$m=4294967295,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(false);
  });

  it("asks for a rehash of every scrypt hash and of Argon2id hashes made with other parameters", async () => {
    expect(needsRehash(await hashPassword("x"))).toBe(false);
    expect(needsRehash(SCRYPT_HASH)).toBe(true);
    expect(needsRehash(await argon2Hash("x", { memoryCost: 8192, timeCost: 2, parallelism: 1 }))).toBe(true);
    expect(needsRehash(await argon2Hash("x", { memoryCost: 19456, timeCost: 1, parallelism: 1 }))).toBe(true);
  });

  it("verifies unknown logins against a decoy of the same algorithm and cost as a real hash", async () => {
    const decoy = await decoyHash();
    expect(parsePhc(decoy)).toMatchObject({ id: "argon2id", fields: { m: "19456", t: "2", p: "1" } });
    expect(needsRehash(decoy)).toBe(false);
  });
});
