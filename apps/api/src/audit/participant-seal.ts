import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';

/**
 * Participant references in audit entries, sealed (issue 17): AES-256-GCM under the participant's
 * own key (table participant_key, migration 1764977000000). A sealed reference is the text
 * `enc:v1:<key id>:<base64url of iv | ciphertext | tag>`, with the key id as additional data, so
 * a sealed reference cannot be moved to another key. Each seal has a fresh 96-bit IV: two entries
 * of one participant do not show that they name the same reference. Erasure deletes the key; from
 * then on the reference reads as ERASED_REFERENCE.
 */
export interface ParticipantKey {
  /** uuid */
  id: string;
  /** 32 bytes */
  key: Buffer;
}

/** What an audit reader shows for a reference whose key was erased (Dutch: user-facing). */
export const ERASED_REFERENCE = 'gewist';

const SEALED = /enc:v1:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([A-Za-z0-9_-]+)/g;

export function newParticipantKey(): ParticipantKey {
  return { id: randomUUID(), key: randomBytes(32) };
}

export function sealReference(ref: string, k: ParticipantKey): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', k.key, iv);
  c.setAAD(Buffer.from(k.id, 'utf8'));
  const data = Buffer.concat([iv, c.update(ref, 'utf8'), c.final(), c.getAuthTag()]);
  return `enc:v1:${k.id}:${data.toString('base64url')}`;
}

/** The key ids of every sealed reference in the texts. */
export function sealedKeyIds(...texts: (string | null | undefined)[]): string[] {
  const ids = new Set<string>();
  for (const t of texts) if (t) for (const m of t.matchAll(SEALED)) ids.add(m[1]);
  return [...ids];
}

function open(keyId: string, data: string, keys: Map<string, Buffer>): string {
  const key = keys.get(keyId);
  if (!key) return ERASED_REFERENCE;
  const raw = Buffer.from(data, 'base64url');
  if (raw.length < 28) return ERASED_REFERENCE;
  try {
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(keyId, 'utf8'));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
  } catch {
    return ERASED_REFERENCE; // not sealed under this key: nothing readable
  }
}

/**
 * The text with every sealed reference opened: the reference while its key exists, else
 * ERASED_REFERENCE. For JSON text the opened value is JSON-escaped (a reference is plain text).
 */
export function openSealed(text: string, keys: Map<string, Buffer>, json = false): string {
  return text.replace(SEALED, (_, id: string, data: string) => {
    const plain = open(id, data, keys);
    return json ? JSON.stringify(plain).slice(1, -1) : plain;
  });
}

/** A JSON value with every sealed reference in its strings opened. */
export function openSealedValue(value: unknown, keys: Map<string, Buffer>): unknown {
  if (typeof value === 'string') return openSealed(value, keys);
  if (Array.isArray(value)) return value.map((v) => openSealedValue(v, keys));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, openSealedValue(v, keys)]));
  return value;
}
