import {
  Alert,
  Box,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { inJourneyOrder } from '@living-lab/vocabulary';
import { num, PHASE_LABELS, pct, pp, pValue } from '../format';
import { RateChart } from './charts';

/**
 * Klantbeleving and uitval (issue 14, items 4 and 5) on screen: the results panel (full numbers)
 * and the report (a reviewer's view holds `<5`). The sentences are the API's, made by the one rule
 * of libs/domain (beleving-uitval.ts; for a reviewer made again from the suppressed figures).
 */

/** A figure as the API or the report holds it: a number, `<5` in a reviewer's view, or missing. */
type Shown = number | string | null | undefined;
const shown = (v: Shown, f: (x: number) => string = (x) => num(x)) =>
  typeof v === 'string' ? v : typeof v === 'number' ? f(v) : '–';
const range = (v: unknown, f: (x: number) => string) =>
  typeof v === 'string' ? v : Array.isArray(v) ? `${f(v[0] as number)} tot ${f(v[1] as number)}` : '–';
const phaseName = (p: string) => PHASE_LABELS[p] ?? p;

interface SurvivorshipLike {
  arms: readonly { arm: string; enrolled: Shown; uitvalBefore: Shown; share: Shown }[];
  difference: Shown;
  differs: boolean;
  sentence: string | null;
}
interface PhaseComparison {
  phase: string;
  survivorship?: SurvivorshipLike;
}

/** The survivorship part per phase (journey order, each phase once): from the scores, else the emotions. */
function byPhase(items: readonly PhaseComparison[]): { phase: string; s: SurvivorshipLike }[] {
  const seen = new Map<string, SurvivorshipLike>();
  for (const b of items) if (b.survivorship && !seen.has(b.phase)) seen.set(b.phase, b.survivorship);
  return inJourneyOrder(
    [...seen].map(([phase, s]) => ({ phase, s })),
    (x) => x.phase,
  );
}

/** True when the arms' uitval before this phase differs (the comparison of that phase needs the caveat). */
export const survivorshipDiffers = (b: PhaseComparison) => b.survivorship?.differs === true;

/** The mark beside a phase in a comparison table when the arms' uitval before it differs. */
export function SurvivorshipMark({ item }: { item: PhaseComparison }) {
  return survivorshipDiffers(item) ? (
    <Typography component="span" variant="caption" sx={{ display: 'block', color: '#8a4b00' }}>
      Let op: uitval vóór deze fase verschilt per groep
    </Typography>
  ) : null;
}

/** The caveat of every klantbeleving phase whose arms lost a different share before it. */
export function SurvivorshipAlert({ items }: { items: readonly PhaseComparison[] }) {
  const notes = byPhase(items).filter(({ s }) => s.differs && s.sentence);
  if (!notes.length) return null;
  return (
    <Alert severity="warning" sx={{ my: 1 }} data-testid="survivorship">
      {notes.map(({ phase, s }) => (
        <Typography key={phase} variant="body2">
          {s.sentence}
        </Typography>
      ))}
    </Alert>
  );
}

/** Per phase and arm: enrolled, uitval before the phase, the share, and the difference between the arms. */
export function SurvivorshipTable({
  items,
  armName,
  order,
}: {
  items: readonly PhaseComparison[];
  armName: (arm: string) => string;
  order: readonly string[];
}) {
  const phases = byPhase(items);
  if (!phases.length) return null;
  return (
    <Box sx={{ overflowX: 'auto', mt: 1 }}>
      <Table size="small" aria-label="Uitval vóór elke fase, per groep">
        <TableHead>
          <TableRow>
            <TableCell>Fase</TableCell>
            <TableCell>Groep</TableCell>
            <TableCell align="right">Ingeschreven</TableCell>
            <TableCell align="right">Uitval vóór de fase</TableCell>
            <TableCell align="right">Aandeel</TableCell>
            <TableCell align="right">Verschil tussen de groepen</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {phases.flatMap(({ phase, s }) =>
            [...s.arms]
              .sort((a, b) => order.indexOf(a.arm) - order.indexOf(b.arm))
              .map((a, i) => (
                <TableRow key={`${phase}-${a.arm}`}>
                  <TableCell>{i === 0 ? phaseName(phase) : ''}</TableCell>
                  <TableCell>{armName(a.arm)}</TableCell>
                  <TableCell align="right">{shown(a.enrolled)}</TableCell>
                  <TableCell align="right">{shown(a.uitvalBefore)}</TableCell>
                  <TableCell align="right">{shown(a.share, (x) => pct(x))}</TableCell>
                  <TableCell align="right">
                    {i === 0 ? `${shown(s.difference, (x) => pp(x))}${s.differs ? ' (let op)' : ''}` : ''}
                  </TableCell>
                </TableRow>
              )),
          )}
        </TableBody>
      </Table>
    </Box>
  );
}

interface GroupLike {
  complete: Shown;
  events: Shown;
  risk: Shown;
  ci95: unknown;
}
interface RowLike {
  arm: string | null;
  negative: GroupLike;
  others: GroupLike;
  uitvalBeforeScore: Shown;
  unclassified: Shown;
  riskRatio: Shown;
  riskRatioCi: unknown;
  fisherPValue: Shown;
  sentence: string;
}
export interface BelevingUitvalLike {
  followUpDays: Shown;
  labelText: string;
  phases: readonly { phase: string; all: RowLike; arms: readonly RowLike[] }[];
}

/** The sentence of each phase, all groups together. */
export function belevingUitvalSentences(bu: BelevingUitvalLike): { phase: string; text: string }[] {
  return inJourneyOrder(bu.phases, (p) => p.phase).map((p) => ({ phase: p.phase, text: p.all.sentence }));
}

/** The figures per phase: all groups together, then each group. */
export function BelevingUitvalTable({ bu, armName }: { bu: BelevingUitvalLike; armName: (arm: string) => string }) {
  const rate = (g: GroupLike) =>
    `${shown(g.risk, (x) => pct(x))} (${shown(g.events)} van ${shown(g.complete)}; ${range(g.ci95, (x) => pct(x, 0))})`;
  return (
    <Box sx={{ overflowX: 'auto', mt: 1 }}>
      <Table size="small" aria-label="Klantbeleving en later uitval per fase en groep">
        <TableHead>
          <TableRow>
            <TableCell>Fase</TableCell>
            <TableCell>Groep</TableCell>
            <TableCell align="right">Uitval na negatieve beleving</TableCell>
            <TableCell align="right">Uitval bij de anderen</TableCell>
            <TableCell align="right">Relatief risico (95%-interval)</TableCell>
            <TableCell align="right">p (Fisher)</TableCell>
            <TableCell align="right">Niet meegeteld</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {inJourneyOrder(bu.phases, (p) => p.phase).flatMap((p) =>
            [p.all, ...p.arms].map((r) => (
              <TableRow key={`${p.phase}-${r.arm ?? 'alle'}`}>
                <TableCell>{r.arm === null ? phaseName(p.phase) : ''}</TableCell>
                <TableCell>{r.arm === null ? 'Alle groepen' : armName(r.arm)}</TableCell>
                <TableCell align="right">{rate(r.negative)}</TableCell>
                <TableCell align="right">{rate(r.others)}</TableCell>
                <TableCell align="right">
                  {shown(r.riskRatio, (x) => num(x, 2))}
                  {typeof r.riskRatio === 'number' ? ` (${range(r.riskRatioCi, (x) => num(x, 2))})` : ''}
                </TableCell>
                <TableCell align="right">{shown(r.fisherPValue, pValue)}</TableCell>
                <TableCell align="right">
                  {shown(r.uitvalBeforeScore)} al uitgevallen, {shown(r.unclassified)} zonder emotie of cijfer
                </TableCell>
              </TableRow>
            )),
          )}
        </TableBody>
      </Table>
    </Box>
  );
}

const figure = (v: Shown): number | null => (typeof v === 'number' ? v : null);
const interval = (v: unknown): [number, number] | null =>
  Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number' ? [v[0], v[1]] : null;

/** The picture: per phase the uitval after a negative score and among the others (all groups), with intervals. */
export function BelevingUitvalChart({ bu }: { bu: BelevingUitvalLike }) {
  const rows = inJourneyOrder(bu.phases, (p) => p.phase).flatMap((p) => [
    {
      arm: `${p.phase}-negatief`,
      name: `${phaseName(p.phase)}: negatief`,
      rate: figure(p.all.negative.risk),
      ci95: interval(p.all.negative.ci95),
    },
    {
      arm: `${p.phase}-anderen`,
      name: `${phaseName(p.phase)}: anderen`,
      rate: figure(p.all.others.risk),
      ci95: interval(p.all.others.ci95),
    },
  ]);
  return (
    <RateChart
      title={`Uitval binnen ${shown(bu.followUpDays)} dagen na de meting: negatieve beleving en de anderen, per fase`}
      arms={rows}
    />
  );
}

/** Adds counts as the report holds them: `<5` when one of them is. */
const add = (xs: Shown[]): Shown =>
  xs.reduce<Shown>((s, x) => (typeof s === 'number' && typeof x === 'number' ? s + x : '<5'), 0);

/** The data-quality line: who counted, who not, over every phase (all groups together). */
export function belevingUitvalQuality(bu: BelevingUitvalLike): string {
  const all = bu.phases.map((p) => p.all);
  const complete = add(all.flatMap((r) => [r.negative.complete, r.others.complete]));
  const before = add(all.map((r) => r.uitvalBeforeScore));
  const unclassified = add(all.map((r) => r.unclassified));
  return `Meegeteld: ${shown(complete)} eerste scores van deelnemers die de hele volgduur na de meting gevolgd zijn (alle fasen samen). Niet meegeteld: ${shown(before)} scores van deelnemers die op of vóór de dag van de meting al uitvielen, en ${shown(unclassified)} scores zonder emotie en zonder rapportcijfer.`;
}

/** The results panel's card: the label, the sentence of each phase, and the figures. */
export function BelevingUitvalCard({ bu, armName }: { bu: BelevingUitvalLike; armName: (arm: string) => string }) {
  return (
    <Card sx={{ mb: 2 }} variant="outlined" data-testid="beleving-uitval">
      <CardContent>
        <Typography component="h3" variant="h6">
          Klantbeleving en later uitval
        </Typography>
        <Alert severity="info" sx={{ my: 1 }}>
          {bu.labelText}
        </Alert>
        {belevingUitvalSentences(bu).map((s) => (
          <Typography key={s.phase} variant="body2" sx={{ mb: 0.5 }}>
            {s.text}
          </Typography>
        ))}
        <Typography variant="body2" sx={{ mt: 1 }}>
          Negatief: de eerste score in de fase had de emotie angst, moedeloos of frustratie, of een rapportcijfer lager
          dan 6. Uitval telt binnen {shown(bu.followUpDays)} dagen na de dag van de meting, alleen bij wie zo lang
          gevolgd is.
        </Typography>
        <BelevingUitvalChart bu={bu} />
        <Typography variant="body2" sx={{ color: '#454545', mt: 0.5 }}>
          {belevingUitvalQuality(bu)}
        </Typography>
        <BelevingUitvalTable bu={bu} armName={armName} />
      </CardContent>
    </Card>
  );
}
