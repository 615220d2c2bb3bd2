/**
 * The gemeente's DDAS key: 32 random bytes that stay with the gemeente (ddas-mapping.md §1). The
 * server sees at most the fingerprint, an HMAC of a fixed text that says nothing about any code.
 */
import { fromBase64Url, hmacSha256, randomBytes, toBase64Url } from './crypto';
import { normaliseGemeentecode } from './converted';
import { DdasInputError } from './errors';

export const KEY_FORMAT = 'living-lab-ddas-sleutel/1';
const KEY_BYTES = 32;
const FINGERPRINT_TEXT = 'living-lab-ddas-vingerafdruk';
const FINGERPRINT = /^SHA256:[0-9a-f]{16}$/;

export interface DdasKeyFile {
  formaat: typeof KEY_FORMAT;
  /** base64url of 32 random bytes */
  sleutel: string;
  vingerafdruk: string;
  /** ISO timestamp */
  aangemaakt: string;
  /** CBS code (GM + 4 digits), informational */
  gemeente?: string;
}

/** A new key; `gemeente` (CBS code) is only written down in the file, it does not change the key. */
export async function createKey(gemeente?: string): Promise<DdasKeyFile> {
  let code: string | undefined;
  if (gemeente !== undefined) {
    code = normaliseGemeentecode(gemeente) ?? undefined;
    if (!code) throw new DdasInputError('ddas.gemeentecode_invalid');
  }
  const sleutel = toBase64Url(randomBytes(KEY_BYTES));
  return {
    formaat: KEY_FORMAT,
    sleutel,
    vingerafdruk: await keyFingerprint(sleutel),
    aangemaakt: new Date().toISOString(),
    ...(code ? { gemeente: code } : {}),
  };
}

/** 'SHA256:' + 16 hex of HMAC-SHA-256(key, fixed text). */
export async function keyFingerprint(sleutel: string): Promise<string> {
  checkSecret(sleutel);
  const mac = await hmacSha256(sleutel, FINGERPRINT_TEXT);
  return 'SHA256:' + Array.from(mac.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

function checkSecret(sleutel: unknown): asserts sleutel is string {
  const raw = typeof sleutel === 'string' ? fromBase64Url(sleutel) : null;
  if (!raw || raw.length !== KEY_BYTES)
    throw new DdasInputError('ddas.key_invalid', { reason: 'de sleutel is geen 32 bytes in base64url' });
}

/** Reads a key file (JSON text). Throws DdasInputError with a Dutch reason. */
export function parseKeyFile(text: string): DdasKeyFile {
  const bad = (reason: string) => new DdasInputError('ddas.key_invalid', { reason });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad('het is geen JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('het is geen JSON-object');
  const d = doc as Record<string, unknown>;
  if (d.formaat !== KEY_FORMAT) throw bad(`formaat is niet ${KEY_FORMAT}`);
  checkSecret(d.sleutel);
  if (typeof d.vingerafdruk !== 'string' || !FINGERPRINT.test(d.vingerafdruk)) throw bad('de vingerafdruk ontbreekt');
  if (typeof d.aangemaakt !== 'string') throw bad('de datum van aanmaken ontbreekt');
  if (d.gemeente !== undefined && (typeof d.gemeente !== 'string' || !normaliseGemeentecode(d.gemeente)))
    throw bad('de gemeentecode klopt niet');
  return {
    formaat: KEY_FORMAT,
    sleutel: d.sleutel,
    vingerafdruk: d.vingerafdruk,
    aangemaakt: d.aangemaakt,
    ...(d.gemeente !== undefined ? { gemeente: d.gemeente as string } : {}),
  };
}

/** Throws when the file's fingerprint does not belong to its key (a damaged or edited file). */
export async function checkKeyFile(key: DdasKeyFile): Promise<void> {
  if ((await keyFingerprint(key.sleutel)) !== key.vingerafdruk)
    throw new DdasInputError('ddas.key_invalid', { reason: 'de vingerafdruk hoort niet bij de sleutel' });
}
