import "server-only";
import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import type { JWTEncodeParams } from "next-auth/jwt";

/**
 * Auth.js's session-token encoder, byte for byte the same format as its own
 * (`encode` in @auth/core/jwt.js: a JWE with `alg: "dir"`,
 * `enc: "A256CBC-HS512"`, the key derived by HKDF-SHA-256 from AUTH_SECRET
 * with the cookie name as salt, `kid` its RFC 7638 thumbprint, and the
 * `iat`, `exp`, `jti` claims), so Auth.js's own `decode` reads it unchanged
 * and tokens minted before and after a deploy stay valid.
 *
 * Why our own: Auth.js derives the key again (HKDF) and computes its
 * thumbprint on every sign-in, then jose imports two WebCrypto keys and runs
 * four asynchronous WebCrypto jobs for one small token. Here the key and
 * thumbprint are derived once per secret and salt, and AES-CBC and
 * HMAC-SHA-512 run synchronously through node:crypto (RFC 7518 §5.2.2.1).
 * docs/decisions/0040-sign-in-hot-path.md.
 */
const ENC = "A256CBC-HS512";
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

type DerivedKey = { macKey: Buffer; encKey: Buffer; kid: string };
// Keyed by secret and salt; a handful of entries per process (one per cookie name and secret).
const keys = new Map<string, DerivedKey>();

function derivedKey(secret: string, salt: string): DerivedKey {
  const id = `${salt}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    // The same derivation as Auth.js's getDerivedEncryptionKey (64 bytes for A256CBC-HS512).
    const cek = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    // RFC 7638 thumbprint of the symmetric JWK, SHA-512 as Auth.js computes it.
    const kid = createHash("sha512").update(`{"k":"${cek.toString("base64url")}","kty":"oct"}`).digest("base64url");
    key = { macKey: cek.subarray(0, 32), encKey: cek.subarray(32), kid };
    keys.set(id, key);
  }
  return key;
}

/** A drop-in for Auth.js's `jwt.encode`. */
export async function encodeSessionToken(params: JWTEncodeParams): Promise<string> {
  const { token = {}, secret, maxAge = DEFAULT_MAX_AGE, salt } = params;
  const first = Array.isArray(secret) ? secret[0] : secret;
  if (!first) throw new Error("encodeSessionToken: no secret");
  const { macKey, encKey, kid } = derivedKey(first, salt);

  const now = (Date.now() / 1000) | 0;
  const claims = { ...token, iat: now, exp: now + maxAge, jti: randomUUID() };
  const header = Buffer.from(JSON.stringify({ alg: "dir", enc: ENC, kid })).toString("base64url");

  // RFC 7518 §5.2.2.1: AES-256-CBC (PKCS#7) with the second half of the key,
  // then HMAC-SHA-512 over AAD ‖ IV ‖ ciphertext ‖ AAD length in bits (64-bit
  // big-endian), truncated to its first 32 bytes, with the first half.
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(claims), "utf8"), cipher.final()]);
  const aad = Buffer.from(header, "ascii");
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(aad.length * 8));
  const tag = createHmac("sha512", macKey).update(aad).update(iv).update(ciphertext).update(al).digest().subarray(0, 32);

  return `${header}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`;
}
