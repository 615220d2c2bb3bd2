import { createHash } from 'node:crypto';

/** What a reviewer sees instead of a count from 1 to 4 (and any rate built on it). */
export const SUPPRESSED = '<5';

const small = (n: unknown) => typeof n === 'number' && n >= 1 && n <= 4;

/**
 * Letter codes per report version: the gemeenten are shuffled by a hash of the version's seed, so
 * codes are stable within one version and say nothing about size or name. A gemeente that
 * consented to be named keeps its name.
 */
export function gemeenteCodes(
  gemeenten: { code: string; naam: string; consent_named: boolean }[],
  seed: string,
): Map<string, string> {
  const order = [...gemeenten].sort((a, b) => hash(seed, a.code).localeCompare(hash(seed, b.code)));
  const map = new Map<string, string>();
  let i = 0;
  for (const g of order) map.set(g.code, g.consent_named ? g.naam : `Gemeente ${letters(i++)}`);
  return map;
}

const hash = (seed: string, code: string) => createHash('sha256').update(`${seed}:${code}`).digest('hex');
const letters = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : letters(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));

/** Counts 1–4 become `<5`, and so does every rate or interval built on them. */
function suppressArm<T extends Record<string, any>>(a: T): T {
  const out: Record<string, any> = { ...a };
  const smallBase = small(a.events) || small(a.complete);
  for (const f of ['enrolled', 'complete', 'events', 'gereed', 'uitval', 'other', 'inProgress', 'notYetComplete', 'n'])
    if (small(out[f])) out[f] = SUPPRESSED;
  if (smallBase) for (const f of ['rate', 'ci95']) if (f in out) out[f] = SUPPRESSED;
  // a curve of an arm with fewer than 5 participants or events would show each one as a step
  if (small(a.enrolled) || small(a.events))
    for (const f of ['curve', 'cumulativeIncidence']) if (f in out) out[f] = SUPPRESSED;
  if (small(a.n)) for (const f of ['mean', 'sd', 'median', 'distribution', 'shares']) if (f in out) out[f] = SUPPRESSED;
  if (out.distribution && typeof out.distribution === 'object') {
    out.distribution = Object.fromEntries(
      Object.entries(out.distribution as Record<string, number>).map(([k, v]) => [k, small(v) ? SUPPRESSED : v]),
    );
  }
  return out as T;
}

/**
 * The reviewer's view of a report: gemeenten by code (unless named with consent), counts 1–4
 * suppressed, and nothing at participant level (the report holds none: only aggregates).
 */
export function anonymiseReport(
  content: Record<string, any>,
  gemeenten: { code: string; naam: string; consent_named: boolean }[],
  seed: string,
): Record<string, any> {
  const codes = gemeenteCodes(gemeenten, seed);
  const code = (g: string) => codes.get(g) ?? 'Gemeente ?';
  const r = structuredClone(content);
  r.view = 'reviewer';
  r.anonymisation =
    'Gemeenten staan er met een lettercode in, tenzij ze toestemming gaven voor hun naam. Aantallen van 1 tot en met 4 staan er als <5.';
  for (const e of r.experiments ?? []) {
    e.plan.gemeenten = undefined;
    e.consort = e.consort.map(suppressArm);
    for (const m of e.results.metrics) {
      m.arms = m.arms.map(suppressArm);
      m.byGemeente = m.byGemeente.map((g: any) => ({
        ...g,
        gemeente: code(g.gemeente),
        arms: g.arms.map(suppressArm),
      }));
      for (const c of m.comparisons) {
        c.stratified.excludedGemeenten = c.stratified.excludedGemeenten.map(code);
        for (const by of ['klantprofiel', 'segment']) {
          const sg = c.subgroups?.[by];
          if (sg)
            sg.groups = sg.groups.map((g: any) => ({
              ...g,
              treatment: suppressArm(g.treatment),
              control: suppressArm(g.control),
            }));
        }
      }
    }
    e.results.beleving = e.results.beleving.map((b: any) => ({ ...b, arms: b.arms.map(suppressArm) }));
    e.results.emotions = e.results.emotions.map((x: any) => ({ ...x, arms: x.arms.map(suppressArm) }));
    for (const f of e.forest) {
      f.gemeenten = f.gemeenten.map((g: any) => {
        const hidden =
          small(g.treatment.events) ||
          small(g.treatment.complete) ||
          small(g.control.events) ||
          small(g.control.complete);
        return {
          ...g,
          gemeente: code(g.gemeente),
          treatment: suppressArm(g.treatment),
          control: suppressArm(g.control),
          ...(hidden ? { riskDifference: SUPPRESSED, ci95: SUPPRESSED } : {}),
        };
      });
    }
  }
  for (const e of r.experiments ?? []) {
    if (e.monitoring) {
      e.monitoring.strata = (e.monitoring.strata ?? []).map((x: any) => ({
        ...x,
        stratum: code(x.gemeente),
        gemeente: code(x.gemeente),
        enrolled: small(x.enrolled) ? SUPPRESSED : x.enrolled,
        counts: Object.fromEntries(Object.entries(x.counts ?? {}).map(([k, v]) => [k, small(v) ? SUPPRESSED : v])),
      }));
    }
  }
  if (Array.isArray(r.dataQuality)) {
    // per gemeente, by code; counts 1–4 suppressed; the sentences (which quote counts) left out
    r.dataQuality = r.dataQuality.map((d: any) =>
      suppressDeep({ ...d, gemeente: code(d.gemeente), warnings: undefined }),
    );
  }
  if (r.sector?.submissions) {
    const s = r.sector.submissions;
    s.gemeenten = (s.gemeenten ?? []).map((g: any) => suppressDeep({ ...g, gemeente: code(g.gemeente) }));
    s.steps = (s.steps ?? []).map((x: any) => suppressDeep(x));
    s.uitvalByReason = (s.uitvalByReason ?? []).map((x: any) => suppressDeep(x));
    s.warnings = undefined;
  }
  if (r.sector) {
    const sup = (s: any) => ({
      ...s,
      counts: Object.fromEntries(Object.entries(s.counts).map(([k, v]) => [k, small(v) ? SUPPRESSED : v])),
      uitvalByReason: Object.fromEntries(
        Object.entries(s.uitvalByReason).map(([k, v]) => [k, small(v) ? SUPPRESSED : v]),
      ),
      shares: Object.fromEntries(Object.entries(s.shares).map(([k, v]) => [k, v])),
    });
    // a share built on a suppressed count is suppressed too
    const shareSup = (s: any) => {
      const c = s.counts;
      const pairs: Record<string, [string, string]> = {
        intakePerAanmelding: ['intake', 'aanmelding'],
        gereedPerInstroom: ['gereed_voor_schuldregeling', 'instroom_stabilisatie'],
        akkoordPerGereed: ['akkoord_schuldregeling', 'gereed_voor_schuldregeling'],
      };
      for (const [k, [a, b]] of Object.entries(pairs))
        if (c[a] === SUPPRESSED || c[b] === SUPPRESSED) s.shares[k] = SUPPRESSED;
      return s;
    };
    r.sector.total = shareSup(sup(r.sector.total));
    r.sector.byGemeente = r.sector.byGemeente.map((g: any) => shareSup(sup({ ...g, gemeente: code(g.gemeente) })));
    r.sector.trend = r.sector.trend.map((t: any) => shareSup(sup(t)));
  }
  // Safety net: no gemeente code of a non-consenting gemeente survives in any text.
  return replaceCodes(r, codes);
}

/** Every number from 1 to 4 anywhere in the value becomes `<5`. */
function suppressDeep(v: any): any {
  if (small(v)) return SUPPRESSED;
  if (Array.isArray(v)) return v.map(suppressDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, suppressDeep(x)]));
  return v;
}

function replaceCodes(v: any, codes: Map<string, string>): any {
  if (typeof v === 'string') {
    let s = v;
    for (const [c, label] of codes)
      if (c !== label && s.includes(c)) s = s.replace(new RegExp(`\\b${c.replace(/[-]/g, '\\-')}\\b`, 'g'), label);
    return s;
  }
  if (Array.isArray(v)) return v.map((x) => replaceCodes(x, codes));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceCodes(x, codes)]));
  return v;
}
