/**
 * The privacy guard of file imports: the platform holds pseudonymous references only, never a
 * BSN, a name, an address, a phone number, an e-mail address or a bank account (domain.md,
 * "Confidentiality"). Each check says in plain Dutch (B1) why a column or value is refused.
 *
 * Deliberately narrow: a nine-digit number that fails the elfproef is a normal reference, and
 * codes from the vocabulary (lower case, underscores) never match.
 */
import { ERROR_CATALOGUE, type ErrorCode } from './errors';

/**
 * A BSN, however it is written: the value's digits, after removing every separator (anything that
 * is not a letter or digit: spaces, dots, dashes, underscores, slashes, …) and a short letter
 * prefix (up to five letters: `P`, `BSN`, `NL`, `NLBSN`), are exactly nine and pass the elfproef.
 * Fullwidth and other compatibility digits count as digits (NFKC). A longer number, such as the
 * case number `2026-000123`, is not a BSN; nor is a nine-digit number that fails the elfproef.
 */
export function isBsn(v: string): boolean {
  // eslint-disable-next-line no-control-regex -- ASCII check: only other text needs folding
  const text = /^[\x00-\x7f]*$/.test(v) ? v : v.normalize('NFKC');
  const m = /^[A-Za-z]{0,5}(\d{9})$/.exec(text.replace(/[^\p{L}\p{N}]/gu, ''));
  if (!m) return false;
  const digits = m[1];
  if (digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/** An IBAN with a valid ISO 13616 check (mod 97), spaces allowed. */
export function isIban(v: string): boolean {
  const s = v.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of n) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

const EMAIL = /[^\s@;,]+@[^\s@;,]+\.[A-Za-z]{2,}/;
/** Dutch phone numbers: 0 + nine digits (06-12345678, 020 123 4567) or +31/0031 + nine digits. */
const PHONE = /^(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?[1-9](?:[\s-]?\d){8}$/;
const POSTCODE = /\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b/;
const STREET =
  /[a-z](?:straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|hof|pad|park|markt|baan|veld|ring)\s+\d+/i;
const TUSSENVOEGSEL = "(?:van|de|der|den|het|ter|ten|te|in|'t|op|la|le|du|da|di|von|el|al|bin|ben)";
/** Two or more capitalised words, optionally with initials and tussenvoegsels: "Jan de Vries", "J. Jansen". */
const PERSON_NAME = new RegExp(
  `^(?:[A-Z]\\.\\s?)*[A-Z][a-z\u00e0-\u00ff'-]+(?:\\s+(?:${TUSSENVOEGSEL}\\s+)*[A-Z][a-z\u00e0-\u00ff'-]+)+$|` +
    `^(?:[A-Z]\\.\\s?)+(?:${TUSSENVOEGSEL}\\s+)*[A-Z][a-z\u00e0-\u00ff'-]+$|` +
    `^[A-Z][a-z\u00e0-\u00ff'-]+,\\s*(?:[A-Z]\\.\\s?)+(?:${TUSSENVOEGSEL})?$`,
);

export type PrivacyKind = 'bsn' | 'naam' | 'adres' | 'telefoon' | 'email' | 'iban';

/** The catalogue code of each kind (errors.ts, block "audit and privacy guard"). */
export const PRIVACY_CODES = {
  bsn: 'privacy.bsn',
  naam: 'privacy.naam',
  adres: 'privacy.adres',
  telefoon: 'privacy.telefoon',
  email: 'privacy.email',
  iban: 'privacy.iban',
} as const satisfies Record<PrivacyKind, ErrorCode>;

/** Why each kind is refused, in plain Dutch (the catalogue's messages). */
export const PRIVACY_MESSAGES = Object.fromEntries(
  Object.entries(PRIVACY_CODES).map(([kind, code]) => [kind, ERROR_CATALOGUE[code].message]),
) as Record<PrivacyKind, string>;

/** What personal data a single value looks like, or null. */
export function personalDataInValue(raw: string): PrivacyKind | null {
  const v = raw.trim();
  // Fast paths for what most cells are: vocabulary codes and dates.
  if (v.length < 5 || /^[a-z_]+$/.test(v) || (/^\d{1,4}-\d{1,2}-\d{1,4}$/.test(v) && !PHONE.test(v))) return null;
  if (isBsn(v)) return 'bsn';
  if (EMAIL.test(v)) return 'email';
  if (isIban(v)) return 'iban';
  if (PHONE.test(v)) return 'telefoon';
  if (STREET.test(v) || POSTCODE.test(v)) return 'adres';
  if (PERSON_NAME.test(v)) return 'naam';
  return null;
}

/** Column names that announce personal data (lower case, without spaces, dashes or underscores). */
const COLUMN_WORDS: [RegExp, PrivacyKind][] = [
  [/^(bsn|burgerservicenummer|sofinummer|sofi)/, 'bsn'],
  [/(naam|name|voorletters|initialen|tussenvoegsel)$/, 'naam'],
  [/^(adres|address|straat|street|huisnummer|huisnr|postcode|zipcode|woonplaats|plaats)/, 'adres'],
  [/^(telefoon|tel|telnr|mobiel|gsm|phone)/, 'telefoon'],
  [/^(email|mail|emailadres)/, 'email'],
  [/^(iban|rekeningnummer|rekening|bankrekening)/, 'iban'],
];

/** What personal data a column name announces, or null. */
export function personalDataInColumn(name: string): PrivacyKind | null {
  const n = name.toLowerCase().replace(/[\s_.-]+/g, '');
  if (/^(gemeente|experiment|arm|organisatie|fase|stap)/.test(n)) return null;
  for (const [re, kind] of COLUMN_WORDS) if (re.test(n)) return kind;
  return null;
}

/**
 * What personal data a free text holds somewhere in it (a reflection's conclusions, a reason, a
 * comment), or null: a BSN, an e-mail address, a bank account, a phone number or an address.
 * Names are not looked for: ordinary sentences have capitalised words too.
 */
export function personalDataInText(text: string): PrivacyKind | null {
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])[A-Za-z]{0,5}[\s.:-]?\d(?:[\s.-]?\d){8}(?![\p{N}])/gu))
    if (isBsn(m[0])) return 'bsn';
  if (EMAIL.test(text)) return 'email';
  for (const m of text.matchAll(/\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){10,30}\b/g)) if (isIban(m[0])) return 'iban';
  for (const m of text.matchAll(/(?<![\p{N}+])(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?[1-9](?:[\s-]?\d){8}(?!\p{N})/gu))
    if (PHONE.test(m[0])) return 'telefoon';
  if (STREET.test(text) || POSTCODE.test(text)) return 'adres';
  return null;
}
