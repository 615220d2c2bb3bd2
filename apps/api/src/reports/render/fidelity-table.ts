/**
 * Fidelity (issue 14) as a report table: per arm what was actually delivered, beside the
 * intention-to-treat comparison (which stays the primary analysis). One source for HTML, PDF and
 * XLSX, like every table of model.ts.
 */
import type { Cell, ExperimentView, Table } from './model';

export const FIDELITY_SHEET = 'Wat groepen kregen';

const num = (v: unknown): Cell => (typeof v === 'number' || typeof v === 'string' ? v : null);

/** The contamination of an arm as text: "5 (Bon uitgereikt)" per other arm's kind, or the total. */
function otherArms(x: ExperimentView, byKind: unknown, total: unknown): Cell {
  if (typeof byKind !== 'object' || byKind === null || Array.isArray(byKind)) return num(total);
  const labels = new Map(
    (x.e.results?.fidelity?.arms ?? []).filter((a) => a.kind).map((a) => [a.kind as string, a.label ?? a.kind]),
  );
  const parts = Object.entries(byKind as Record<string, unknown>)
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${typeof n === 'number' ? n : String(n)} (${labels.get(k) ?? k})`);
  return parts.length ? parts.join(', ') : num(total);
}

export function fidelityTable(xs: readonly ExperimentView[]): Table {
  return {
    sheet: FIDELITY_SHEET,
    title: 'Wat kreeg elke groep echt?',
    note: 'Wat elke groep echt kreeg, volgens de vastgelegde leveringen tot de peildatum. De vergelijking van de groepen blijft zoals ingeloot (intention to treat): dat is de hoofdanalyse. Deze cijfers helpen een uitkomst te begrijpen, ze veranderen haar niet. Andere groep: deelnemers die de interventie van een andere groep kregen.',
    columns: [
      { label: 'Experiment', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Wat telt als geleverd', kind: 'text' },
      { label: 'Gepland per deelnemer', kind: 'int' },
      { label: 'Ingeschreven', kind: 'int' },
      { label: 'Kreeg het minstens één keer', kind: 'int' },
      { label: 'Aandeel', kind: 'rate' },
      { label: 'Zo vaak als gepland', kind: 'int', part: 2 },
      { label: 'Aandeel zo vaak als gepland', kind: 'rate', part: 2 },
      { label: 'Mediaan aantal keer', kind: 'dec1', part: 2 },
      { label: 'Kreeg interventie van andere groep', kind: 'text', part: 2 },
    ],
    rows: xs.flatMap((x) =>
      [...(x.e.results?.fidelity?.arms ?? [])]
        .sort((a, b) => x.arms.indexOf(a.arm) - x.arms.indexOf(b.arm))
        .map((a) => ({
          group: x.key,
          cells: [
            x.title,
            x.armName(a.arm),
            a.label ?? 'niets (geen interventie)',
            num(a.expected),
            num(a.enrolled),
            num(a.received),
            num(a.share),
            num(a.receivedAsExpected),
            num(a.shareAsExpected),
            num(a.medianReceived),
            otherArms(x, a.contaminatedByKind, a.contaminated),
          ],
        })),
    ),
  };
}
