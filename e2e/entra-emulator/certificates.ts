// @peculiar/x509 resolves its ASN.1 classes through tsyringe, which needs the Reflect metadata polyfill loaded first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createPrivateKey, randomBytes } from "node:crypto";

/**
 * Certificates made at run time, never stored in the repository: a throwaway CA, the HTTPS server certificate it
 * signs for localhost, and the self-signed certificates that Entra publishes in `x5c` next to each signing key.
 * Key pairs come from Node's WebCrypto (the global `crypto` is node:crypto's implementation).
 */

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const DAY_MS = 86_400_000;

export type TlsMaterial = { caPem: string; certificatePem: string; privateKeyPem: string };

export async function createTlsMaterial(now: Date): Promise<TlsMaterial> {
  // P-256 rather than RSA: generated instantly, and every TLS client accepts it.
  const caKeys = await crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: "CN=Gatehouse Entra emulator CA (generated at run time)",
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + 30 * DAY_MS),
      signingAlgorithm: ECDSA_P256,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const serverKeys = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const server = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: "CN=localhost",
      issuer: ca.subject,
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + 30 * DAY_MS),
      signingAlgorithm: ECDSA_P256,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "localhost" },
          { type: "ip", value: "127.0.0.1" },
          { type: "ip", value: "::1" },
        ]),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", serverKeys.privateKey));
  return {
    caPem: ca.toString("pem"),
    certificatePem: server.toString("pem"),
    privateKeyPem: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }).toString(),
  };
}

/** A self-signed certificate for a signing key, DER-encoded, named like the ones Entra publishes. */
export async function signingKeyCertificateDer(keys: CryptoKeyPair, now: Date): Promise<Buffer> {
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: "CN=accounts.accesscontrol.windows.net",
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + 5 * 365 * DAY_MS),
      signingAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      keys,
    },
    crypto,
  );
  return Buffer.from(certificate.rawData);
}

/** Positive 16-byte serial, as RFC 5280 asks; the top bit cleared so DER needs no sign byte. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString("hex");
}
