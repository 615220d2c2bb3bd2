/**
 * The pseudonymised ("converted") delivery: what leaves the gemeente and what the server imports
 * (DDAS-CONTRACT.md). Its exact shape is schema/pseudoniem.schema.json; the types below mirror it.
 */
import { isBsn, personalDataInValue, type PrivacyKind } from '@living-lab/domain';
import type { Oplossingssoort, Schuldsoort, TrajectoryPhases, Uitstroomreden } from './delivery';
import { childPath } from './path';
import { MAX_PROBLEMS, schemaProblems, type DdasProblem } from './problems';
import { validatePseudoniemSchema } from './schemas';

export const PSEUDONYMISED_FORMAT = 'living-lab-ddas-pseudoniem/1';

export interface PseudonymisedSchuld {
  /** absent when the input's debts had no schuldsoort */
  schuldsoort?: Schuldsoort;
  aantal: number;
  /** whole euros; absent when none of these debts had an amount */
  bedrag?: number;
}

export interface PseudonymisedTrajectory extends TrajectoryPhases {
  /** participant code of the first client listed: 'D-' + 16 base32 characters */
  deelnemer: string;
  /** as in the file; the server normalises (normaliseGemeentecode) */
  gemeentecode: string;
  oplossing?: { soort?: Oplossingssoort; startdatum?: string; einddatum?: string };
  uitstroom?: { datum?: string; datumBeeindigingsbeschikking?: string; reden?: Uitstroomreden };
  totaalSchuldbedragBijAanvangSchuld?: number;
  schulden?: PseudonymisedSchuld[];
}

export interface PseudonymisedLevering {
  teller: number;
  gemeentecode?: string;
  schuldhulptrajecten: PseudonymisedTrajectory[];
}

export interface PseudonymisedDelivery {
  formaat: typeof PSEUDONYMISED_FORMAT;
  /** fingerprint of the key the codes were made with */
  sleutel: string;
  startdatumLevering: string;
  einddatumLevering: string;
  aanleverdatumEnTijd: string;
  codeGegevensleverancier: string;
  leveringen: PseudonymisedLevering[];
}

/** Strict check of a pseudonymised delivery: the exact shape, unknown keys refused, no tolerance. */
export function validatePseudonymised(doc: unknown): { delivery?: PseudonymisedDelivery; problems: DdasProblem[] } {
  if (validatePseudoniemSchema(doc)) return { delivery: doc as PseudonymisedDelivery, problems: [] };
  return { problems: schemaProblems(validatePseudoniemSchema.errors) };
}

/** 'GM' + 1..4 digits → 'GM' + 4 digits ('GM001' → 'GM0001'); anything else ('Onbekend') → null. */
export function normaliseGemeentecode(raw: string): string | null {
  const m = /^GM(\d{1,4})$/.exec(raw.trim().toUpperCase());
  return m ? `GM${m[1].padStart(4, '0')}` : null;
}

export type IdentityKind = 'bsn' | 'geboortedatum' | 'postcode' | 'huisnummer' | 'email' | 'telefoonnummer' | 'naam';

export interface IdentityFinding {
  path: string;
  kind: IdentityKind;
}

/** Keys that hold (or contain) identities, lower case without anything but letters. */
const KEY_KINDS: [RegExp, IdentityKind][] = [
  [/^(burgerservicenummer|bsn|client)$/, 'bsn'],
  [/^geboortedatum$/, 'geboortedatum'],
  [/^postcode$/, 'postcode'],
  [/^huisnummer/, 'huisnummer'],
  [/^(email|emailadres)$/, 'email'],
  [/^(telefoonnummer|telefoon)$/, 'telefoonnummer'],
  [/^(naam|statutairenaam|contactpersonen|schuldeiser)$/, 'naam'],
];

/** What a value looks like, as far as a value can tell (names and birth dates cannot be told). */
const VALUE_KINDS: Partial<Record<PrivacyKind, IdentityKind>> = {
  bsn: 'bsn',
  email: 'email',
  telefoon: 'telefoonnummer',
  adres: 'postcode',
};

const keyKinds = new Map<string, IdentityKind | null>();

function kindOfKey(key: string): IdentityKind | null {
  let kind = keyKinds.get(key);
  if (kind === undefined) {
    const k = key.toLowerCase().replace(/[^a-z]/g, '');
    kind = KEY_KINDS.find(([re]) => re.test(k))?.[1] ?? null;
    if (keyKinds.size < 10_000) keyKinds.set(key, kind);
  }
  return kind;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function kindOfValue(value: unknown): IdentityKind | null {
  if (typeof value === 'string') {
    // Fast path for most values of a delivery: ISO dates and texts without a digit or '@' are none of these kinds.
    if (ISO_DATE.test(value) || !/[\p{N}@]/u.test(value)) return null;
    const kind = personalDataInValue(value);
    return kind ? (VALUE_KINDS[kind] ?? null) : null;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1e8 && value < 1e9)
    return isBsn(String(value)) ? 'bsn' : null;
  return null;
}

/**
 * Every place in the document that holds an identity: by key name (client, Burgerservicenummer,
 * Geboortedatum, Postcode, Huisnummer…, email, telefoonnummer, naam, contactpersonen, schuldeiser,
 * (Statutaire) Naam) and by value (a nine-digit number that passes the elfproef, an e-mail address,
 * a Dutch phone number, a postcode), at any depth, up to `limit` findings.
 */
export function findIdentities(doc: unknown, limit = MAX_PROBLEMS): IdentityFinding[] {
  const found: IdentityFinding[] = [];
  // The path as a stack of keys; a path text is only made for a finding (a file has millions of nodes).
  const at: (string | number)[] = [];
  const report = (kind: IdentityKind) => found.push({ path: at.reduce<string>(childPath, ''), kind });
  const visit = (value: unknown): void => {
    if (found.length >= limit) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        at.push(i);
        visit(value[i]);
        at.pop();
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        at.push(k);
        const kind = kindOfKey(k);
        if (kind && found.length < limit) report(kind);
        if (!kind || (typeof v === 'object' && v !== null)) visit(v);
        at.pop();
      }
    } else {
      const kind = kindOfValue(value);
      if (kind) report(kind);
    }
  };
  visit(doc);
  return found;
}
