/**
 * DDAS delivery → pseudonymised delivery (DDAS-CONTRACT.md, ddas-mapping.md §1): every client
 * becomes the participant code of the first client listed, and everything that identifies a person
 * or is free text is left out. What is kept is listed field by field below (a whitelist): a field
 * the specification adds later is dropped until someone decides to keep it.
 */
import { participantCodeForClient } from './code';
import {
  PSEUDONYMISED_FORMAT,
  type PseudonymisedDelivery,
  type PseudonymisedSchuld,
  type PseudonymisedTrajectory,
} from './converted';
import type { DdasSchuld, DdasTrajectory } from './delivery';
import { checkKeyFile, type DdasKeyFile } from './key';
import { childPath } from './path';
import { MAX_PROBLEMS, type DdasProblem } from './problems';
import { validateDelivery } from './validate';
import pseudoniemSchema from './schema/pseudoniem.schema.json';

/**
 * The trajectory's fields as the pseudonymised schema lists them: the one whitelist of what may
 * leave the gemeente. `pick` copies exactly those (dates, booleans, code-list values), at every
 * depth; vtlb, omschrijving, client and schuldeiser are not in it and so never copied.
 */
const TRAJECTORY = pseudoniemSchema.properties.leveringen.items.properties.schuldhulptrajecten.items as SchemaNode;
/** Fields filled here rather than copied. */
const DERIVED = new Set(['deelnemer', 'gemeentecode', 'totaalSchuldbedragBijAanvangSchuld', 'schulden']);

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function pick(value: unknown, schema: SchemaNode): unknown {
  if (schema.type === 'array') return Array.isArray(value) ? value.map((v) => pick(v, schema.items ?? {})) : value;
  if (!schema.properties || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of Object.entries(schema.properties)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = pick(v, sub);
  }
  return out;
}

/**
 * Trajectories per batch; progress is reported (and the event loop given room, so a browser tab
 * stays responsive) each time another PROGRESS_EVERY are done.
 */
const PROGRESS_EVERY = 500;

export async function pseudonymise(
  doc: unknown,
  key: DdasKeyFile,
  onProgress?: (done: number, total: number) => void,
): Promise<{ output?: PseudonymisedDelivery; problems: DdasProblem[] }> {
  await checkKeyFile(key);
  const { delivery, problems } = validateDelivery(doc);
  if (!delivery) return { problems };

  const total = delivery.leveringen.reduce((n, l) => n + (l.schuldhulptrajecten?.length ?? 0), 0);
  let done = 0;
  onProgress?.(0, total);
  const leveringen: PseudonymisedDelivery['leveringen'] = [];
  for (const [li, levering] of delivery.leveringen.entries()) {
    const trajecten: PseudonymisedTrajectory[] = [];
    const list = levering.schuldhulptrajecten ?? [];
    for (let start = 0; start < list.length; start += PROGRESS_EVERY) {
      // A batch of HMACs at once: Web Crypto works in the background, one await per batch.
      const batch = list.slice(start, start + PROGRESS_EVERY);
      const codes = await Promise.all(batch.map((t) => codeOfTrajectory(key.sleutel, t)));
      for (const [k, t] of batch.entries()) {
        const deelnemer = codes[k];
        if (!deelnemer) {
          if (problems.length < MAX_PROBLEMS)
            problems.push({
              path: childPath(childPath(`leveringen[${li}].schuldhulptrajecten`, start + k), 'client'),
              message:
                'geen cliënt met een burgerservicenummer (9 cijfers) of met geboortedatum, postcode en huisnummer',
            });
        } else if (problems.length === 0) {
          trajecten.push(convertTrajectory(t, deelnemer));
        }
      }
      const before = done;
      done += batch.length;
      if (done < total && Math.floor(done / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) {
        onProgress?.(done, total);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    const gemeentecode = levering.aanleverende_organisatie.gemeentecode;
    leveringen.push({
      teller: levering.teller,
      ...(gemeentecode ? { gemeentecode } : {}),
      schuldhulptrajecten: trajecten,
    });
  }
  if (problems.length > 0) return { problems };
  onProgress?.(total, total);
  return {
    output: {
      formaat: PSEUDONYMISED_FORMAT,
      sleutel: key.vingerafdruk,
      startdatumLevering: delivery.startdatumLevering,
      einddatumLevering: delivery.einddatumLevering,
      aanleverdatumEnTijd: delivery.aanleverdatumEnTijd,
      codeGegevensleverancier: delivery.codeGegevensleverancier,
      leveringen,
    },
    problems: [],
  };
}

/** Partners are one participant: the code of the first client listed (null when it has no identity). */
function codeOfTrajectory(sleutel: string, t: DdasTrajectory): Promise<string | null> {
  const first = t.client?.[0];
  return first ? participantCodeForClient(sleutel, first) : Promise.resolve(null);
}

function convertTrajectory(t: DdasTrajectory, deelnemer: string): PseudonymisedTrajectory {
  const out: Record<string, unknown> = { deelnemer, gemeentecode: t.gemeentecode };
  for (const [field, schema] of Object.entries(TRAJECTORY.properties ?? {})) {
    const v = (t as unknown as Record<string, unknown>)[field];
    if (v !== undefined && !DERIVED.has(field)) out[field] = pick(v, schema);
  }
  if (t.totaalSchuldbedragBijAanvangSchuld !== undefined)
    out.totaalSchuldbedragBijAanvangSchuld = Math.round(t.totaalSchuldbedragBijAanvangSchuld);
  if (t.schulden?.length) out.schulden = aggregateDebts(t.schulden);
  return out as unknown as PseudonymisedTrajectory;
}

/** Number and total amount (whole euros) per schuldsoort, in the order the kinds first appear. */
function aggregateDebts(schulden: DdasSchuld[]): PseudonymisedSchuld[] {
  const bySoort = new Map<string, PseudonymisedSchuld>();
  for (const s of schulden) {
    const soort = s.schuldsoort ?? '';
    const agg = bySoort.get(soort) ?? { ...(s.schuldsoort ? { schuldsoort: s.schuldsoort } : {}), aantal: 0 };
    agg.aantal += 1;
    if (s.bedrag !== undefined) agg.bedrag = (agg.bedrag ?? 0) + s.bedrag;
    bySoort.set(soort, agg);
  }
  return [...bySoort.values()].map((a) => (a.bedrag === undefined ? a : { ...a, bedrag: Math.round(a.bedrag) }));
}
