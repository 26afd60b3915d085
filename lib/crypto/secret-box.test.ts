import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretDecryptionError, decryptSecret, encryptSecret, secretKey } from "./secret-box";

const key = secretKey(randomBytes(32));

describe("secret box", () => {
  it("round-trips a secret and never stores it in the clear", () => {
    const sealed = encryptSecret("Abc~123.secret-value", "tenant-1", key);
    expect(sealed).toMatch(new RegExp(`^v1\\.${key.kid}\\.`));
    expect(sealed).not.toContain("secret-value");
    expect(decryptSecret(sealed, "tenant-1", [key])).toBe("Abc~123.secret-value");
  });

  it("gives different ciphertexts for the same secret", () => {
    expect(encryptSecret("s", "t", key)).not.toBe(encryptSecret("s", "t", key));
  });

  it("refuses a ciphertext moved to another tenant, tampered with, or sealed with an unknown key", () => {
    const sealed = encryptSecret("secret", "tenant-1", key);
    expect(() => decryptSecret(sealed, "tenant-2", [key])).toThrow(SecretDecryptionError);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), "tenant-1", [key])).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(sealed, "tenant-1", [secretKey(randomBytes(32))])).toThrow(SecretDecryptionError);
  });

  it("still opens values sealed with a retired key after rotation", () => {
    const old = secretKey(randomBytes(32));
    const sealed = encryptSecret("kept", "t", old);
    expect(decryptSecret(sealed, "t", [key, old])).toBe("kept");
  });
});
