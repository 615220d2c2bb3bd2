import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  AANMELDROUTES,
  BELEVING_ITEMS,
  EMOTIONS,
  KLANTPROFIELEN,
  MAIN_LINE,
  MILESTONES,
  PHASES,
  SEGMENTS,
  TERMINAL_CAUSE,
  UITVAL_REASONS,
  isValidIsoDate,
  normalizeExperimentDefinition,
  type ExperimentDefinition,
} from '@living-lab/domain';
import {
  DEMO_DATA_UNTIL,
  DEMO_ENROLMENT_UNTIL,
  generateDemoSeed,
  seedFigures,
  type DemoSeed,
  type SeedEvent,
} from './index';

const dir = join(__dirname, '..', '..', 'experiments');
const experiments: ExperimentDefinition[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => normalizeExperimentDefinition(parse(readFileSync(join(dir, f), 'utf8'))));

/** A stand-in for the platform's assignment: a hash of experiment and ref, weighted by the arms. */
function assignArm(experimentKey: string, _gemeente: string, participantRef: string): string {
  const def = experiments.find((e) => e.key === experimentKey)!;
  let h = 0x811c9dc5; // FNV-1a, then murmur3's finaliser so the top bits are well mixed
  for (const c of `${experimentKey}:${participantRef}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) >>> 0;
  const total = def.arms.reduce((s, a) => s + a.weight, 0);
  let x = (h / 4294967296) * total;
  for (const a of def.arms) if ((x -= a.weight) < 0) return a.key;
  return def.arms[def.arms.length - 1].key;
}

const generate = (seed?: number): DemoSeed => generateDemoSeed({ seed, experiments, assignArm });
const pid = (x: { gemeente: string; participantRef: string }) => `${x.gemeente}/${x.participantRef}`;
const isTerminal = (m: string) => TERMINAL_CAUSE[m as keyof typeof TERMINAL_CAUSE] !== undefined;

describe('generateDemoSeed', () => {
  const data = generate();
  const figures = seedFigures(data, experiments);
  const eventsOf = new Map<string, SeedEvent[]>();
  for (const e of data.events) {
    const list = eventsOf.get(pid(e)) ?? [];
    list.push(e);
    eventsOf.set(pid(e), list);
  }

  it('is deterministic: the same seed gives the same data, another seed other data', () => {
    expect(generate()).toEqual(data);
    expect(generate(7)).toEqual(generate(7));
    expect(generate(7)).not.toEqual(data);
  });

  it('has six gemeenten, two of which consent to be named, and one user per role and gemeente', () => {
    expect(data.gemeenten).toHaveLength(6);
    expect(new Set(data.gemeenten.map((g) => g.code)).size).toBe(6);
    expect(
      data.gemeenten.filter((g) => !/^[a-z]+$/.test(g.code) || g.inwoners < 30_000 || g.inwoners > 350_000),
    ).toEqual([]);
    expect(data.gemeenten.filter((g) => g.consentNamed)).toHaveLength(2);
    const coaching = experiments.find((e) => e.key === 'wekelijkse-coaching')!;
    expect([...coaching.gemeenten].sort()).toEqual(data.gemeenten.map((g) => g.code).sort());
    expect(data.users.filter((u) => u.role !== 'gemeente').map((u) => [u.username, u.role])).toEqual([
      ['admin', 'beheerder'],
      ['projectleider', 'projectleider'],
      ['reviewer', 'reviewer'],
    ]);
    expect(data.users.filter((u) => u.role === 'gemeente')).toEqual(
      data.gemeenten.map((g) => ({ username: `medewerker-${g.code}`, role: 'gemeente', gemeente: g.code })),
    );
  });

  it('has about 3000 pseudonymous participants: no ref looks like a name or a BSN', () => {
    expect(data.participants.length).toBeGreaterThan(2800);
    expect(data.participants.length).toBeLessThan(3200);
    // Only the fixed pattern: no letters beyond the gemeente code, never nine digits in a row (BSN).
    expect(
      data.participants.filter(
        (p) => !new RegExp(`^P-${p.gemeente}-\\d{6}$`).test(p.participantRef) || /\d{9}/.test(p.participantRef),
      ),
    ).toEqual([]);
    expect(
      data.participants.filter(
        (p) =>
          (p.klantprofiel !== undefined && !KLANTPROFIELEN.includes(p.klantprofiel as never)) ||
          (p.segment !== undefined && !SEGMENTS.includes(p.segment as never)) ||
          (p.aanmeldroute !== undefined && !AANMELDROUTES.includes(p.aanmeldroute as never)),
      ),
    ).toEqual([]);
    const refs = new Set(data.participants.map(pid));
    expect(refs.size).toBe(data.participants.length);
    expect([...data.enrolments, ...data.events, ...data.beleving].filter((x) => !refs.has(pid(x)))).toEqual([]);
    // Optional strata are sometimes missing, as in real exports.
    expect(data.participants.some((p) => p.klantprofiel === undefined)).toBe(true);
    expect(data.participants.some((p) => p.klantprofiel !== undefined)).toBe(true);
  });

  it('uses only the vocabulary of the domain', () => {
    expect(data.events.filter((e) => !MILESTONES.includes(e.milestone as never))).toEqual([]);
    expect(
      data.events.filter((e) =>
        e.milestone === 'uitval' ? !UITVAL_REASONS.includes(e.reason as never) : e.reason !== undefined,
      ),
    ).toEqual([]);
    expect(
      data.beleving.filter(
        (b) => !PHASES.includes(b.phase as never) || (b.emotie !== undefined && !EMOTIONS.includes(b.emotie as never)),
      ),
    ).toEqual([]);
    const score = (v: number | undefined, max: number) =>
      v === undefined || (Number.isInteger(v) && v >= 1 && v <= max);
    expect(
      data.beleving.filter((b) => !score(b.rapportcijfer, 10) || BELEVING_ITEMS.some((i) => !score(b[i], 5))),
    ).toEqual([]);
    // Every uitval reason and every emotion occurs somewhere.
    expect(new Set(data.events.map((e) => e.reason).filter(Boolean)).size).toBe(UITVAL_REASONS.length);
    expect(new Set(data.beleving.map((b) => b.emotie).filter(Boolean)).size).toBe(EMOTIONS.length);
  });

  it('dates every fact validly and never after DEMO_DATA_UNTIL', () => {
    const dates = [
      ...data.events.map((e) => e.occurredOn),
      ...data.beleving.map((b) => b.measuredOn),
      ...data.enrolments.map((e) => e.enrolledOn),
    ];
    expect(dates.filter((d) => !isValidIsoDate(d) || d > DEMO_DATA_UNTIL)).toEqual([]);
    expect(dates.some((d) => d > '2026-11-01')).toBe(true);
  });

  it('enrols only into running experiments, within their dates and gemeenten, with the platform arm, once each', () => {
    const running = new Map(experiments.filter((e) => e.status === 'running').map((e) => [e.key, e]));
    expect(
      data.enrolments.filter((en) => {
        const def = running.get(en.experiment);
        return (
          !def ||
          !def.gemeenten.includes(en.gemeente) ||
          en.enrolledOn < def.start! ||
          en.enrolledOn > DEMO_ENROLMENT_UNTIL ||
          en.arm !== assignArm(en.experiment, en.gemeente, en.participantRef)
        );
      }),
    ).toEqual([]);
    const keys = data.enrolments.map((en) => `${en.experiment}/${pid(en)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(data.enrolments.filter((e) => e.experiment === 'wekelijkse-coaching').length).toBeGreaterThan(1000);
    expect(data.enrolments.filter((e) => e.experiment === 'jumbo-bon-intake').length).toBeGreaterThan(400);
    // Enrolments spread from the start of each experiment to the end of October 2026.
    for (const key of running.keys()) {
      const dates = data.enrolments
        .filter((e) => e.experiment === key)
        .map((e) => e.enrolledOn)
        .sort();
      expect(dates[0] < '2025-10-01').toBe(true);
      expect(dates[dates.length - 1] > '2026-10-01').toBe(true);
    }
  });

  it('keeps each journey in order: one event per milestone, one terminal outcome, enrolment at intake or instroom', () => {
    const path: readonly string[] = MAIN_LINE;
    const wrong: string[] = [];
    for (const [k, list] of eventsOf) {
      const ms = list.map((e) => e.milestone);
      if (new Set(ms).size !== ms.length) wrong.push(`${k}: milestone twice`);
      if (ms[0] !== 'aanmelding') wrong.push(`${k}: does not start with aanmelding`);
      if (list.some((e, i) => i > 0 && e.occurredOn < list[i - 1].occurredOn)) wrong.push(`${k}: dates out of order`);
      const onPath = ms.filter((m) => path.includes(m));
      if (onPath.some((m, i) => i > 0 && path.indexOf(m) < path.indexOf(onPath[i - 1])))
        wrong.push(`${k}: steps out of order`);
      if (ms.filter(isTerminal).length > 1) wrong.push(`${k}: several terminal outcomes`);
      if (ms.includes('akkoord_schuldregeling') && !ms.includes('gereed_voor_schuldregeling'))
        wrong.push(`${k}: akkoord without gereed`);
      const terminalAt = ms.findIndex(isTerminal);
      if (
        terminalAt >= 0 &&
        ms.slice(terminalAt + 1).some((m) => !['akkoord_schuldregeling', 'heraanmelding'].includes(m))
      )
        wrong.push(`${k}: journey goes on after its terminal outcome`);
    }
    for (const en of data.enrolments) {
      const list = eventsOf.get(pid(en))!;
      const at = (m: string) => list.find((e) => e.milestone === m)?.occurredOn;
      // an intake intervention enrols at intake (also those who never enter stabilisatie), a later one at instroom
      const phase = experiments.find((e) => e.key === en.experiment)!.interventionPhase;
      const expected = phase === 'aanmelding' || phase === 'intake' ? at('intake') : at('instroom_stabilisatie');
      if (expected === undefined || en.enrolledOn !== expected) wrong.push(`${pid(en)}: enrolment date`);
    }
    expect(wrong).toEqual([]);
  });

  it('measures klantbeleving once per phase reached, on or after the phase started', () => {
    const phaseStart: Record<string, string> = {
      aanmelding: 'aanmelding',
      intake: 'intake',
      overzicht: 'instroom_stabilisatie',
      optimalisatie: 'overzicht_gereed',
      financiele_stabiliteit: 'financieel_stabiel',
    };
    expect(
      data.beleving.filter((b) => {
        const start = eventsOf.get(pid(b))!.find((e) => e.milestone === phaseStart[b.phase])?.occurredOn;
        return start === undefined || b.measuredOn < start;
      }),
    ).toEqual([]);
    const keys = data.beleving.map((b) => `${pid(b)}/${b.phase}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(data.beleving.length).toBeGreaterThan(2000);
    for (const phase of PHASES) expect(data.beleving.some((b) => b.phase === phase)).toBe(true);
    // Mostly the typical emotion of each phase (domain.md).
    const overzicht = data.beleving.filter((b) => b.phase === 'overzicht' && b.emotie);
    expect(overzicht.filter((b) => b.emotie === 'moedeloos').length / overzicht.length).toBeGreaterThan(0.5);
  });

  it('follows the 2018 funnel: intake ~95%, 15–60% instroom, ~60% gereed, ~85% akkoord', () => {
    expect(figures.intakeShare).toBeGreaterThan(0.9);
    expect(figures.intakeShare).toBeLessThan(0.99);
    expect(figures.instroomShare).toBeGreaterThan(0.15);
    expect(figures.instroomShare).toBeLessThan(0.6);
    expect(figures.gereedShareOfTerminal).toBeGreaterThan(0.5);
    expect(figures.gereedShareOfTerminal).toBeLessThan(0.7);
    expect(figures.gereedShareMature).toBeGreaterThan(0.5);
    expect(figures.gereedShareMature).toBeLessThan(0.72);
    expect(figures.akkoordShare).toBeGreaterThan(0.75);
    expect(figures.akkoordShare).toBeLessThan(0.92);
  });

  it('varies between gemeenten within the 2018 range (42–92%)', () => {
    const shares = Object.values(figures.byGemeente).map((g) => g.gereedShareOfTerminal);
    expect(shares).toHaveLength(6);
    // about 100 people with an outcome per gemeente: a share has a standard error of about 5 points,
    // so the floor is the study's minimum (42%) less about 1.5 of them
    expect(shares.filter((s) => s < 0.35 || s > 0.92)).toEqual([]);
    expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.2);
  });

  it('enrols the intake experiment at intake, so uitval right after intake happens in it (issue 14)', () => {
    const jumbo = data.enrolments.filter((e) => e.experiment === 'jumbo-bon-intake');
    const afterIntake = jumbo.filter((en) => {
      const ms = eventsOf.get(pid(en))!.map((e) => e.milestone);
      return ms.includes('uitval') && !ms.includes('instroom_stabilisatie');
    });
    expect(afterIntake.length).toBeGreaterThan(20);
    for (const arm of ['controle', 'jumbo_bon']) expect(afterIntake.some((e) => e.arm === arm)).toBe(true);
  });

  it('has ends that are neither success nor uitval, and gereed after langdurige stabilisatie (a path)', () => {
    const ms = (k: string) => eventsOf.get(k)!.map((e) => e.milestone);
    const keys = [...eventsOf.keys()];
    expect(keys.filter((k) => ms(k).includes('andere_uitstroom')).length).toBeGreaterThan(10);
    const later = keys.filter((k) => {
      const m = ms(k);
      return (
        m.includes('langdurige_stabilisatie') &&
        m.indexOf('gereed_voor_schuldregeling') > m.indexOf('langdurige_stabilisatie')
      );
    });
    expect(later.length).toBeGreaterThan(5);
  });

  it('leaves participants in progress at the end of the data', () => {
    const inProgress = [...new Set(data.enrolments.map(pid))].filter(
      (k) => !eventsOf.get(k)!.some((e) => isTerminal(e.milestone)),
    );
    expect(inProgress.length).toBeGreaterThan(100);
  });

  it('builds in a real effect of wekelijkse coaching and none of the JUMBO-bon', () => {
    const c = figures.experiments['wekelijkse-coaching'];
    expect(c.coaching.complete).toBeGreaterThan(250);
    expect(c.controle.complete).toBeGreaterThan(250);
    expect(c.coaching.gereed - c.controle.gereed).toBeGreaterThan(0.05);
    expect(c.coaching.uitval).toBeLessThan(c.controle.uitval);
    expect(c.coaching.overzichtRapportcijfer - c.controle.overzichtRapportcijfer).toBeGreaterThan(0.2);
    const j = figures.experiments['jumbo-bon-intake'];
    expect(j.jumbo_bon.complete).toBeGreaterThan(100);
    expect(Math.abs(j.jumbo_bon.gereed - j.controle.gereed)).toBeLessThan(0.08);
    expect(Math.abs(j.jumbo_bon.overzichtRapportcijfer - j.controle.overzichtRapportcijfer)).toBeLessThan(0.3);
  });

  it('records deliveries for most treatment participants, not all, and for a couple of controls (fidelity, issue 14)', () => {
    const deliveries = data.deliveries ?? [];
    const enrolment = new Map(data.enrolments.map((n) => [`${n.experiment}/${pid(n)}`, n]));
    for (const d of deliveries) {
      const n = enrolment.get(`${d.experiment}/${pid(d)}`);
      expect(n).toBeDefined(); // only for enrolled participants
      expect(d.deliveredOn >= n!.enrolledOn && d.deliveredOn <= DEMO_DATA_UNTIL).toBe(true);
    }
    const got = (experiment: string, arm: string) => {
      const own = data.enrolments.filter((n) => n.experiment === experiment && n.arm === arm);
      const with_ = own.filter((n) => deliveries.some((d) => d.experiment === experiment && pid(d) === pid(n)));
      return with_.length / own.length;
    };
    for (const [experiment, arm] of [
      ['jumbo-bon-intake', 'jumbo_bon'],
      ['wekelijkse-coaching', 'coaching'],
    ]) {
      expect(got(experiment, arm)).toBeGreaterThan(0.7);
      expect(got(experiment, arm)).toBeLessThan(0.95);
    }
    for (const experiment of ['jumbo-bon-intake', 'wekelijkse-coaching'])
      expect(
        new Set(
          deliveries
            .filter((d) => d.experiment === experiment)
            .filter((d) => enrolment.get(`${experiment}/${pid(d)}`)!.arm === 'controle')
            .map(pid),
        ).size,
      ).toBe(2);
    expect(new Set(deliveries.map((d) => d.kind))).toEqual(new Set(['bon_uitgereikt', 'coachingsgesprek_gehouden']));
  });
});
