/**
 * Participant codes: a keyed hash of the client's identity (ddas-mapping.md §1). Identity strings
 * are typed ('bsn:…', 'adres:…') so a BSN and an address never give the same code.
 */
import { isBsn } from '@living-lab/domain';
import { hmacSha256, toBase32 } from './crypto';
import type { DdasClient } from './delivery';
import { DdasInputError } from './errors';

export const PARTICIPANT_CODE = /^D-[A-Z2-7]{16}$/;

/** The BSN as 9 digits (spaces, dots and dashes removed, leading zeros padded), or null. */
export function normaliseBsn(raw: string): string | null {
  const digits = raw.replace(/[\s.-]/g, '');
  return /^\d{1,9}$/.test(digits) && !/^0+$/.test(digits) ? digits.padStart(9, '0') : null;
}

/** The identity string of a client: BSN when present, else birth date + address; null when neither. */
export function clientIdentity(client: DdasClient): string | null {
  const bsn = client.Burgerservicenummer?.trim();
  if (bsn) {
    const n = normaliseBsn(bsn);
    return n ? `bsn:${n}` : null;
  }
  const geboortedatum = client.Geboortedatum?.trim();
  const postcode = client.Postcode?.replace(/\s+/g, '').toUpperCase();
  const huisnummer = client.Huisnummer?.trim();
  if (!geboortedatum || !postcode || !huisnummer) return null;
  const toevoeging = client.Huisnummertoevoeging?.trim().toUpperCase() ?? '';
  return `adres:${geboortedatum}|${postcode}|${huisnummer}|${toevoeging}`;
}

/**
 * 'D-' + 16 base32 characters of HMAC-SHA-256(key, identity). Such a text can never pass the
 * elfproef (it holds at most 16 digits among 17 letters and digits, isBsn wants 9 digits after at
 * most 5 letters); the counter loop keeps that promise should the encoding ever change.
 */
async function codeOf(sleutel: string, identity: string): Promise<string> {
  for (let counter = 0; ; counter++) {
    const mac = await hmacSha256(sleutel, counter === 0 ? identity : `${identity}#${counter}`);
    const code = 'D-' + toBase32(mac.subarray(0, 10));
    if (!isBsn(code)) return code;
  }
}

export async function participantCodeForBsn(sleutel: string, bsn: string): Promise<string> {
  const n = normaliseBsn(bsn);
  if (!n) throw new DdasInputError('ddas.bsn_invalid');
  return codeOf(sleutel, `bsn:${n}`);
}

export async function participantCodeForClient(sleutel: string, client: DdasClient): Promise<string | null> {
  const identity = clientIdentity(client);
  return identity ? codeOf(sleutel, identity) : null;
}
