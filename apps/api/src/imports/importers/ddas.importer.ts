import { Injectable } from '@nestjs/common';
import {
  factsOfTrajectory,
  findIdentities,
  normaliseGemeentecode,
  trajectoryStart,
  validatePseudonymised,
  type DdasFacts,
  type IdentityFinding,
  type PseudonymisedDelivery,
  type PseudonymisedTrajectory,
} from '@living-lab/ddas';
import { isBsn, REPEATABLE_MILESTONES } from '@living-lab/domain';
import { MAX_PROBLEMS, type ColumnSpec, type ImportProblem } from '../import-format';
import type { ImportContext, ImportCounts, Importer } from '../importer';
import { NOTHING_WRITTEN } from '../importer';
import {
  DdasImportRepository,
  type NewEvent,
  type StoredEvent,
  type StoredSupport,
  type StoredTrajectory,
} from '../ddas-import.repository';

/** One trajectory of the file after the checks of its own. */
interface FileTrajectory {
  path: string;
  gemeente: string;
  participant: string;
  startedOn: string;
  t: PseudonymisedTrajectory;
}

interface Staged {
  delivery: PseudonymisedDelivery;
  trajectories: FileTrajectory[];
  /** Gemeente code → CBS code, of the gemeenten the file names. */
  gemeenten: Map<string, { cbsCode: string; fingerprint: string | null }>;
}

/** What a finding of findIdentities is, in plain Dutch. */
const IDENTITY_LABEL: Record<IdentityFinding['kind'], string> = {
  bsn: 'een burgerservicenummer (BSN)',
  geboortedatum: 'een geboortedatum',
  postcode: 'een postcode',
  huisnummer: 'een huisnummer',
  email: 'een e-mailadres',
  telefoonnummer: 'een telefoonnummer',
  naam: 'een naam',
};

const HOW_TO_CONVERT =
  'Zet het DDAS-bestand eerst om met de sleutel van uw gemeente (in de webapp bij DDAS-bestand inlezen, of met npm run lab -- ddas pseudonymise) en lever alleen het omgezette bestand aan.';

const problem = (path: string, message: string): ImportProblem => ({ row: null, column: path, value: null, message });

/** The correction reason of a DDAS fact whose date (or reason) changed in a later delivery. */
export const DDAS_CORRECTION = 'Andere datum of reden in een latere DDAS-levering';
/** The reason a stored aanmelding is withdrawn when an earlier trajectory of the participant arrives. */
export const DDAS_RESTART = 'Een eerder traject van deze deelnemer kwam later binnen: dit traject is een heraanmelding';

/**
 * `ddas`: a pseudonymised DDAS delivery (docs/formats.md, ../shared/docs/ddas-mapping.md), one JSON
 * document in the shape of libs/ddas (`living-lab-ddas-pseudoniem/1`).
 *
 * - stage: refuses any identity left in the file (findIdentities: by key and by value, never
 *   echoing it), then checks the shape strictly (validatePseudonymised), then each trajectory on
 *   its own: its gemeente (by CBS code; a gemeente user only their own; 'Onbekend' or another
 *   gemeente is a problem), its start (the trajectory's identity) and no date after today.
 * - apply: deliveries over time (§4): a trajectory is its participant and its start; a fact
 *   stored before is left alone, a new one is added, a changed date is a correction (a new row
 *   superseding the old, as corrections through the API). Support, debts and the segment follow.
 */
@Injectable()
export class DdasImporter implements Importer<Staged | null> {
  readonly kind = 'ddas';
  readonly input = 'json' as const;
  readonly columns: readonly ColumnSpec[] = [];

  constructor(private readonly repo: DdasImportRepository) {}

  async stage(ctx: ImportContext): Promise<Staged | null> {
    ctx.phase('controleren');
    const findings = findIdentities(ctx.document, MAX_PROBLEMS);
    if (findings.length) {
      for (const f of findings)
        ctx.problems.push(
          problem(
            f.path,
            `Hier staat ${IDENTITY_LABEL[f.kind] ?? 'een gegeven waarmee iemand te herkennen is'}. Het platform neemt geen gegevens aan waarmee iemand te herkennen is. ${HOW_TO_CONVERT}`,
          ),
        );
      return null;
    }
    const { delivery, problems } = validatePseudonymised(ctx.document);
    if (problems.length || !delivery) {
      for (const p of problems) ctx.problems.push(problem(p.path, p.message));
      if (!problems.length) ctx.problems.push(problem('', `Dit is geen omgezet DDAS-bestand. ${HOW_TO_CONVERT}`));
      return null;
    }

    const byCbs = await this.repo.gemeentenByCbsCode(ctx.m);
    const own = ctx.user.role === 'gemeente' ? ctx.user.gemeente : null;
    const ownCbs = own ? ([...byCbs.values()].find((g) => g.code === own)?.cbsCode ?? null) : null;
    if (own && !ownCbs) {
      ctx.problems.push(
        problem(
          'gemeentecode',
          'Uw gemeente heeft nog geen CBS-code in het platform. Vraag de beheerder die in te vullen (GM en 4 cijfers); daarna kunt u het bestand inlezen.',
        ),
      );
      return null;
    }
    const gemeenten = new Map<string, { cbsCode: string; fingerprint: string | null }>();
    const trajectories: FileTrajectory[] = [];
    delivery.leveringen.forEach((levering, li) =>
      levering.schuldhulptrajecten.forEach((t, ti) => {
        ctx.rowRead();
        ctx.report();
        const path = `leveringen[${li}].schuldhulptrajecten[${ti}]`;
        const before = ctx.problems.count;
        const cbs = normaliseGemeentecode(t.gemeentecode);
        const g = cbs ? byCbs.get(cbs) : undefined;
        if (!cbs)
          ctx.problems.push(
            problem(
              `${path}.gemeentecode`,
              'De gemeente van dit traject is onbekend. Het platform leest alleen trajecten waarvan de gemeente bekend is (GM en 4 cijfers). Haal het traject uit het bestand of vul de gemeentecode in.',
            ),
          );
        else if (own && cbs !== ownCbs)
          ctx.problems.push(
            problem(
              `${path}.gemeentecode`,
              `Dit traject hoort bij een andere gemeente (${cbs}) dan de uwe (${ownCbs}). U mag alleen trajecten van uw eigen gemeente inlezen. Haal de trajecten van andere gemeenten uit het bestand.`,
            ),
          );
        else if (!g)
          ctx.problems.push(
            problem(
              `${path}.gemeentecode`,
              `Geen gemeente in het platform heeft CBS-code ${cbs}. Vul de CBS-code in bij de gemeente (Gemeenten) en lees het bestand opnieuw in.`,
            ),
          );
        if (isBsn(t.deelnemer))
          ctx.problems.push(problem(`${path}.deelnemer`, `Deze deelnemercode lijkt op een BSN. ${HOW_TO_CONVERT}`));
        const startedOn = trajectoryStart(t);
        if (!startedOn)
          ctx.problems.push(
            problem(
              `${path}.startdatum`,
              'Dit traject heeft geen startdatum (ook niet bij aanmelding). Zonder startdatum is het traject niet te herkennen in een volgende levering.',
            ),
          );
        const facts = factsOfTrajectory(t);
        for (const f of facts.milestones)
          if (f.occurredOn > ctx.today) {
            ctx.problems.push(problem(path, `Een datum van dit traject (${f.occurredOn}) ligt na vandaag.`));
            break;
          }
        if (ctx.problems.count > before || !g || !startedOn) return;
        gemeenten.set(g.code, { cbsCode: g.cbsCode, fingerprint: g.fingerprint });
        trajectories.push({ path, gemeente: g.code, participant: t.deelnemer, startedOn, t });
      }),
    );
    // The same trajectory twice in one file: the later levering extends the earlier one.
    const last = new Map<string, FileTrajectory>();
    for (const ft of trajectories) last.set(`${ft.gemeente}\u0000${ft.participant}\u0000${ft.startedOn}`, ft);
    for (const [code, g] of gemeenten)
      if (g.fingerprint && g.fingerprint !== delivery.sleutel)
        ctx.warnings.push(
          `Dit bestand is gemaakt met een andere sleutel (${delivery.sleutel}) dan eerder voor gemeente ${code} (${g.fingerprint}). Dezelfde cliënt krijgt dan een andere code: trajecten sluiten niet aan op eerdere leveringen en inschrijvingen. Gebruik de sleutel van uw gemeente.`,
        );
    return { delivery, trajectories: [...last.values()], gemeenten };
  }

  async apply(ctx: ImportContext, staged: Staged | null): Promise<ImportCounts> {
    if (!staged || ctx.problems.count) return NOTHING_WRITTEN;
    ctx.phase('opslaan');
    const { m } = ctx;
    const { ids } = await this.repo.resolveParticipants(
      m,
      uniquePairs(staged.trajectories.map((t) => ({ gemeente: t.gemeente, ref: t.participant }))),
    );
    const pid = (t: FileTrajectory) => ids.get(`${t.gemeente}\u0000${t.participant}`)!;
    const participantIds = [...new Set([...ids.values()].map((p) => p.id))];
    // One connection (the import's transaction): one statement at a time.
    const stored = await this.repo.trajectories(m, participantIds);
    const events = await this.repo.events(m, participantIds);
    const supports = await this.repo.supports(m, participantIds);
    const storedBy = new Map(stored.map((s) => [`${s.participantId}\u0000${s.startedOn}`, s]));
    // Every trajectory start of a participant, stored or in the file: the earliest is the aanmelding.
    const starts = new Map<string, string[]>();
    for (const s of stored) push(starts, s.participantId, s.startedOn);
    for (const t of staged.trajectories) push(starts, pid(t).id, t.startedOn);

    // Trajectory rows first (the facts point at them).
    const perTrajectory = staged.trajectories.map((t) => {
      const p = pid(t);
      const first = [...new Set(starts.get(p.id))].sort()[0];
      const facts = factsOfTrajectory(t.t, { later: t.startedOn !== first });
      return { t, p, facts, stored: storedBy.get(`${p.id}\u0000${t.startedOn}`) };
    });
    const fresh = perTrajectory.filter((x) => !x.stored);
    const newIds = await this.repo.insertTrajectories(
      m,
      fresh.map((x) => trajectoryRow(x.p.id, x.t.gemeente, x.facts)),
      ctx.jobId,
    );
    const changed = perTrajectory.filter((x) => x.stored && trajectoryChanged(x.stored, x.facts));
    await this.repo.updateTrajectories(
      m,
      changed.map((x) => ({ ...trajectoryRow(x.p.id, x.t.gemeente, x.facts), id: x.stored!.id })),
      ctx.jobId,
    );
    const trajectoryId = (x: (typeof perTrajectory)[number]) =>
      x.stored?.id ?? newIds.get(`${x.p.id}\u0000${x.t.startedOn}`)!;
    await this.repo.replaceDebts(
      m,
      [
        ...fresh.filter((x) => x.facts.debts.length),
        ...changed.filter((x) => !sameDebts(x.stored!.debts, x.facts.debts)),
      ].map((x) => ({ id: trajectoryId(x), gemeente: x.t.gemeente, debts: x.facts.debts })),
    );

    // Milestones: per participant, in trajectory order.
    const eventsOf = group(events, (e) => e.participantId);
    const newEvents: NewEvent[] = [];
    let notStored = 0;
    // An earlier trajectory that arrives later turns a stored trajectory's aanmelding into a
    // heraanmelding (and back, should a start change): the stored start fact is withdrawn (a
    // retraction, kept as history) and the right one recorded on the same date; for a trajectory
    // in this file the loop below records it, for one not in the file it is recorded here.
    const gemeenteOf = new Map(perTrajectory.map((x) => [x.p.id, x.t.gemeente]));
    const inFile = new Set(perTrajectory.filter((x) => x.stored).map((x) => x.stored!.id));
    const restarted: StoredTrajectory[] = [];
    for (const st of stored) {
      const first = [...new Set(starts.get(st.participantId))].sort()[0];
      const want = st.startedOn === first ? 'aanmelding' : 'heraanmelding';
      const old = (eventsOf.get(st.participantId) ?? []).find(
        (e) =>
          e.current &&
          e.trajectoryId === st.id &&
          e.milestone === (want === 'aanmelding' ? 'heraanmelding' : 'aanmelding'),
      );
      if (!old) continue;
      const at = { participantId: st.participantId, gemeente: gemeenteOf.get(st.participantId)!, trajectoryId: st.id };
      const base = { ...at, occurredOn: old.occurredOn, reason: null };
      newEvents.push({
        ...base,
        milestone: old.milestone,
        supersedes: old.id,
        correctionReason: DDAS_RESTART,
        retracted: true,
      });
      old.current = false;
      if (!inFile.has(st.id)) {
        newEvents.push({ ...base, milestone: want, supersedes: null, correctionReason: null, retracted: false });
        restarted.push({
          ...st,
          facts: (st.facts as DdasFacts['milestones']).map((f) =>
            f.milestone === old.milestone ? { ...f, milestone: want } : f,
          ),
        });
      }
    }
    await this.repo.updateTrajectories(
      m,
      restarted.map((st) => ({
        id: st.id,
        endedOn: st.endedOn,
        debtAtStart: st.debtAtStart,
        crisis: st.crisis,
        facts: st.facts,
      })),
      ctx.jobId,
    );
    for (const x of perTrajectory.sort(
      (a, b) => a.p.id.localeCompare(b.p.id) || a.t.startedOn.localeCompare(b.t.startedOn),
    )) {
      const tid = trajectoryId(x);
      const known = eventsOf.get(x.p.id) ?? [];
      for (const f of x.facts.milestones) {
        const mine = known.find((e) => e.current && e.trajectoryId === tid && e.milestone === f.milestone);
        if (mine) {
          if (mine.occurredOn === f.occurredOn && mine.reason === f.reason) continue;
          newEvents.push(event(x, tid, f, mine.id, DDAS_CORRECTION));
          mine.current = false;
          known.push(stub(x.p.id, tid, f, true));
          continue;
        }
        // The same fact on the same date, in any version (hand-entered or withdrawn before): left alone.
        if (known.some((e) => e.milestone === f.milestone && e.occurredOn === f.occurredOn)) continue;
        const once = !(REPEATABLE_MILESTONES as readonly string[]).includes(f.milestone);
        if (once && known.some((e) => e.current && e.milestone === f.milestone)) {
          notStored++; // another fact is there (by hand or an earlier trajectory): data quality shows it
          continue;
        }
        newEvents.push(event(x, tid, f, null, null));
        known.push(stub(x.p.id, tid, f, true));
      }
      eventsOf.set(x.p.id, known);
    }
    await this.repo.insertEvents(m, newEvents, ctx.user.id || null);

    // Support (begeleiding): per participant, kind and start.
    const supportOf = new Map<string, StoredSupport>(
      supports.map((s) => [`${s.participantId}\u0000${s.kind}\u0000${s.startedOn}`, s]),
    );
    const newSupport: Parameters<DdasImportRepository['insertSupport']>[1] = [];
    const endChanged: { id: string; endedOn: string | null }[] = [];
    const endChangedTrajectories: string[] = [];
    for (const x of perTrajectory)
      for (const s of x.facts.support) {
        const key = `${x.p.id}\u0000${s.kind}\u0000${s.startedOn}`;
        const have = supportOf.get(key);
        if (!have) {
          newSupport.push({
            participantId: x.p.id,
            gemeente: x.t.gemeente,
            kind: s.kind,
            startedOn: s.startedOn,
            endedOn: s.endedOn,
            trajectoryId: trajectoryId(x),
          });
          supportOf.set(key, {
            id: '',
            participantId: x.p.id,
            kind: s.kind,
            startedOn: s.startedOn,
            endedOn: s.endedOn,
            source: 'ddas',
          });
        } else if (have.source === 'ddas' && have.id && have.endedOn !== s.endedOn) {
          endChanged.push({ id: have.id, endedOn: s.endedOn });
          endChangedTrajectories.push(trajectoryId(x));
          have.endedOn = s.endedOn;
        }
      }
    await this.repo.insertSupport(m, newSupport);
    await this.repo.updateSupportEnd(m, endChanged);
    await this.repo.markCrisis(m, [
      ...new Set(perTrajectory.filter((x) => x.facts.crisis && !x.p.segment).map((x) => x.p.id)),
    ]);

    // The delivery per gemeente, and the key's fingerprint on the first import.
    const d = staged.delivery;
    for (const [code, g] of staged.gemeenten) {
      await this.repo.recordDelivery(m, {
        gemeente: code,
        supplier: d.codeGegevensleverancier,
        periodStart: d.startdatumLevering,
        periodEnd: d.einddatumLevering,
        deliveredAt: d.aanleverdatumEnTijd,
        trajectories: staged.trajectories.filter((t) => t.gemeente === code).length,
        jobId: ctx.jobId,
      });
      if (!g.fingerprint) await this.repo.storeFingerprintIfNone(m, code, d.sleutel);
    }
    if (notStored)
      ctx.warnings.push(
        `${notStored} ${notStored === 1 ? 'mijlpaal' : 'mijlpalen'} uit DDAS ${notStored === 1 ? 'is' : 'zijn'} niet opgeslagen, omdat er voor die deelnemer al dezelfde mijlpaal met een andere datum staat. Datakwaliteit laat zien waar DDAS en de eigen registratie verschillen.`,
      );

    // A trajectory that brought nothing new (no record, milestone or support written) is unchanged.
    const touched = new Set<string>([
      ...fresh.map(trajectoryId),
      ...changed.map(trajectoryId),
      ...newEvents.map((e) => e.trajectoryId),
      ...newSupport.map((x) => x.trajectoryId),
      ...endChangedTrajectories,
    ]);
    const created = newEvents.length + newSupport.length + endChanged.length + fresh.length + changed.length;
    const unchanged = perTrajectory.filter((x) => !touched.has(trajectoryId(x))).length;
    return { created, unchanged };
  }
}

function trajectoryRow(participantId: string, gemeente: string, f: DdasFacts) {
  return {
    participantId,
    gemeente,
    startedOn: f.startedOn!,
    endedOn: f.endedOn,
    debtAtStart: f.debtAtStart,
    crisis: f.crisis,
    facts: f.milestones,
  };
}

function trajectoryChanged(s: StoredTrajectory, f: DdasFacts): boolean {
  return (
    s.endedOn !== f.endedOn ||
    s.debtAtStart !== f.debtAtStart ||
    s.crisis !== f.crisis ||
    !sameList(
      s.facts as DdasFacts['milestones'],
      f.milestones,
      (a, b) => a.milestone === b.milestone && a.occurredOn === b.occurredOn && a.reason === b.reason,
    ) ||
    !sameDebts(s.debts, f.debts)
  );
}

function sameDebts(a: StoredTrajectory['debts'], b: DdasFacts['debts']): boolean {
  return sameList(a, b, (x, y) => x.kind === y.kind && x.debts === y.debts && x.total === y.total);
}

/** Field by field: jsonb keeps its own key order, so JSON text is no comparison. */
function sameList<A, B>(a: readonly A[] | null | undefined, b: readonly B[], same: (x: A, y: B) => boolean): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((x, i) => same(x, b[i]));
}

function event(
  x: { p: { id: string }; t: FileTrajectory },
  trajectoryId: string,
  f: DdasFacts['milestones'][number],
  supersedes: string | null,
  correctionReason: string | null,
): NewEvent {
  return {
    participantId: x.p.id,
    gemeente: x.t.gemeente,
    milestone: f.milestone,
    occurredOn: f.occurredOn,
    reason: f.reason,
    supersedes,
    correctionReason,
    trajectoryId,
    retracted: false,
  };
}

function stub(
  participantId: string,
  trajectoryId: string,
  f: DdasFacts['milestones'][number],
  current: boolean,
): StoredEvent {
  return {
    id: '',
    participantId,
    milestone: f.milestone,
    occurredOn: f.occurredOn,
    reason: f.reason,
    trajectoryId,
    current,
  };
}

function uniquePairs(pairs: { gemeente: string; ref: string }[]) {
  const seen = new Map(pairs.map((p) => [`${p.gemeente}\u0000${p.ref}`, p]));
  return [...seen.values()];
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V) {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

function group<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) push(out, key(i), i);
  return out;
}
