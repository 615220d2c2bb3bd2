/**
 * The few cryptographic primitives of the package, on Web Crypto only (`globalThis.crypto.subtle`,
 * present in Node ≥ 20 and every browser). That is why the command line and the web app produce
 * the same codes for the same key: there is one implementation, not a Node one and a browser one.
 * No `Buffer`, no `node:crypto`: the tsconfig has neither Node types nor the DOM lib, so using them
 * does not compile; web-platform.d.ts declares the few Web APIs used.
 */

const encoder = new TextEncoder();
/**
 * An imported HMAC key, typed as Web Crypto gives it: `CryptoKey` in the DOM lib, Node's
 * `webcrypto.CryptoKey`, or web-platform.d.ts under this package's own tsconfig (neither DOM nor Node).
 */
type HmacKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;
const keys = new Map<string, Promise<HmacKey>>();

/** Bytes → base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padding optional) → bytes, or null when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  const b64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  try {
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (upper case, no padding) of the bytes. */
export function toBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** The HMAC-SHA-256 key for a base64url secret; imported once per secret (a file has many clients). */
function hmacKey(sleutel: string): Promise<HmacKey> {
  let key = keys.get(sleutel);
  if (!key) {
    const raw = fromBase64Url(sleutel);
    if (!raw) throw new TypeError('sleutel is not base64url');
    key = globalThis.crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (keys.size >= 16) keys.clear();
    keys.set(sleutel, key);
  }
  return key;
}

/** HMAC-SHA-256 of the UTF-8 text under the base64url secret. */
export async function hmacSha256(sleutel: string, text: string): Promise<Uint8Array> {
  const sig = await globalThis.crypto.subtle.sign('HMAC', await hmacKey(sleutel), encoder.encode(text));
  return new Uint8Array(sig);
}
