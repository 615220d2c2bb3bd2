import { Alert, Box, Button, Card, CardContent, GlobalStyles, Typography } from '@mui/material';
import { useId, useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import {
  belevingFinding,
  boundarySentence,
  comparisonFinding,
  formatChance,
  formatPValueNumber,
} from '@living-lab/findings';
import {
  belevingQuality,
  incidenceQuality,
  outcomeQuality,
  registrationCompleteness,
  sectorQuality,
} from '@living-lab/quality';
import type { ReportExperimentView, ReportView } from '@living-lab/report';
import { COHORT_EMPTY, COHORT_NOT_YET, cohortQuality, cohortSentence } from '@living-lab/cohort';
import { KLANTPROFIEL_LABELS, labelOf, SEGMENT_LABELS } from '@living-lab/labels';
import { SUBGROUP_PROFILE_NOTE } from '@living-lab/definitions';
import { inJourneyOrder } from '@living-lab/vocabulary';
import { formatWarning, withArmNames, type ReadableWarning } from '@living-lab/warnings';
import { GemeenteContextReport } from './GemeenteContextReport';
import { arr, FiguresTable, shown, type Shown } from './FiguresTable';
import { ForestPlot, IncidenceChart, RateChart, WrappedTick } from '../experiments/charts';
import {
  BelevingUitvalChart,
  belevingUitvalQuality,
  belevingUitvalSentences,
  BelevingUitvalTable,
  SurvivorshipAlert,
  SurvivorshipTable,
} from '../experiments/BelevingUitval';
import { EMOTION_LABELS, ITEM_LABELS, metricLabel, num, PHASE_LABELS, pct, pp } from '../format';

/**
 * The quarterly report on screen (issue 15): the whole report for every role that may read it —
 * every outcome, klantbeleving, warnings, data quality, subgroups and the sector funnel. Each
 * finding is one B1 sentence (libs/domain findings.ts) and one picture with its data-quality line
 * (quality.ts); the analyst's figures are one click away and always printed.
 */

/** A figure for a chart: `<5` has no length to draw. */
const figure = <T,>(v: T | string): T | null => (typeof v === 'string' ? null : v);
const shownPct = (v: Shown, d = 1) => (typeof v === 'string' ? v : pct(v ?? null, d));
const shownPp = (v: Shown) => (typeof v === 'string' ? v : pp(v ?? null));
const pCell = (v: Shown) => formatPValueNumber(v);
const ci = (v: unknown, f: (x: number) => string) =>
  typeof v === 'string' ? v : Array.isArray(v) ? `${f(v[0] as number)} tot ${f(v[1] as number)}` : '–';
/** The points of an arm's incidence curve: the step curve, else the curve at its days, else the three days. */
type ReportMetric = ReportExperimentView['results']['metrics'][number];
const curveOf = (a: ReportMetric['arms'][number]) =>
  Array.isArray(a.stepCurve) ? a.stepCurve : Array.isArray(a.curve) ? a.curve : arr(a.cumulativeIncidence);

/** The print stylesheet: the report alone, every analyst's disclosure open. */
const PRINT = (
  <GlobalStyles
    styles={{
      '@page': { size: 'A4', margin: '12mm' },
      '@media print': {
        'header, .MuiDrawer-root, .MuiDrawer-docked, [class*="RaSidebar"], .RaAppBar-root, [data-print="hide"]': {
          display: 'none !important',
        },
        '[data-print="always"]': { display: 'block !important' },
        '.RaLayout-appFrame': { marginTop: '0 !important' },
        '.RaLayout-content, .RaLayout-contentWithSidebar': { padding: '0 !important', margin: '0 !important' },
        // the report keeps its screen layout, scaled to the page: its charts were drawn for the
        // screen, and a page of A4 at this zoom is about as wide as the screen's report column
        '[data-testid="report"]': { zoom: 0.62 },
        '[data-finding]': { breakInside: 'avoid' },
        'h2, h3': { breakAfter: 'avoid' },
        body: { background: '#fff' },
      },
    }}
  />
);

/** The analyst's figures: one click away on screen, always there on paper. */
export function AnalystFigures({
  label = 'Cijfers voor analisten',
  children,
}: {
  label?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <Box sx={{ mt: 1 }}>
      <Button
        size="small"
        variant="text"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        data-print="hide"
        data-testid="analyst-toggle"
      >
        {open ? `${label} verbergen` : `${label} tonen`}
      </Button>
      <Box id={id} data-print="always" data-testid="analyst" sx={{ display: open ? 'block' : 'none', mt: 1 }}>
        {children}
      </Box>
    </Box>
  );
}

/** The data-quality line under a picture. */
function Quality({ text }: { text: string }) {
  return (
    <Typography variant="body2" sx={{ color: '#454545', mt: 0.5 }} data-testid="quality">
      {text}
    </Typography>
  );
}

/** One finding: its sentence, its picture with the quality line, and the analyst's figures. */
function Finding({
  sentence,
  picture,
  quality,
  analyst,
}: {
  sentence: ReactNode;
  picture?: ReactNode;
  quality?: string;
  analyst?: ReactNode;
}) {
  return (
    <Box data-finding data-testid="finding" sx={{ my: 2 }}>
      <Typography sx={{ fontSize: '1.05rem', mb: 1 }}>{sentence}</Typography>
      {picture}
      {quality && <Quality text={quality} />}
      {analyst && <AnalystFigures>{analyst}</AnalystFigures>}
    </Box>
  );
}

/** The Dutch name of a klantprofiel or segment. */
const groupLabel = (by: 'klantprofiel' | 'segment', v: string | undefined) =>
  v === undefined ? '–' : by === 'klantprofiel' ? labelOf(KLANTPROFIEL_LABELS, v) : labelOf(SEGMENT_LABELS, v);

const sum = (xs: Shown[]): Shown =>
  xs.reduce<Shown>((s, x) => (typeof s === 'number' && typeof x === 'number' ? s + x : '<5'), 0);

function ExperimentReport({ x }: { x: ReportExperimentView }) {
  const r = x.results;
  const arms = arr(x.plan?.arms);
  const name = (k: string) => arms.find((a) => a.key === k)?.name ?? k;
  const control = arms.find((a) => a.control)?.key;
  const order = control ? [control, ...arms.map((a) => a.key).filter((k) => k !== control)] : arms.map((a) => a.key);
  const byPlan = <T extends { arm: string }>(xs: readonly T[]) =>
    [...xs].sort((a, b) => order.indexOf(a.arm) - order.indexOf(b.arm));
  const metrics = [...arr(r?.metrics)].sort((a, b) => Number(b.primary) - Number(a.primary));
  const primary = metrics.find((m) => m.primary);
  const seq = r?.guards?.sequential;
  const details = r?.warningDetails as readonly ReadableWarning[] | undefined;
  const warnings = [
    ...(seq?.available ? [boundarySentence(seq)] : []),
    ...(r?.label && r.label !== 'effect' && r.labelText ? [r.labelText] : []),
    ...(details ? details.map((w) => formatWarning(withArmNames(w, name))) : arr<string>(r?.warnings)),
    ...(x.monitoring?.warningDetails
      ? (x.monitoring.warningDetails as readonly ReadableWarning[]).map((w) => formatWarning(withArmNames(w, name)))
      : arr<string>(x.monitoring?.warnings)),
  ];
  const enrolled = sum(arr(x.consort).map((c) => c.enrolled));
  const complete = sum(arr(x.consort).map((c) => c.complete));
  const curves = ['gereed_voor_schuldregeling', 'uitval']
    .map((k) => metrics.find((m) => m.metric === k))
    .filter((m): m is NonNullable<typeof m> => m !== undefined);
  const beleving = inJourneyOrder(arr(r?.beleving), (b) => b.phase);
  const cijfers = beleving.filter((b) => b.item === 'rapportcijfer');
  const id = `exp-${x.plan?.key}`;
  return (
    <Card sx={{ mb: 2 }} component="section" aria-labelledby={id} data-testid="report-experiment">
      <CardContent>
        <Typography component="h2" variant="h5" id={id}>
          {x.plan?.title}
        </Typography>
        {x.plan?.hypothesis && <Typography sx={{ mt: 0.5 }}>Idee: {x.plan.hypothesis}</Typography>}
        {r?.labelText && (
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            {r.labelText}
          </Typography>
        )}

        {warnings.length > 0 && (
          <Alert severity="warning" sx={{ my: 2 }} data-testid="report-warnings">
            <Typography component="h3" sx={{ fontWeight: 'bold' }}>
              Let op
            </Typography>
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </Alert>
        )}

        <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
          Wie doen er mee
        </Typography>
        <Finding
          sentence={
            typeof enrolled === 'number' && typeof complete === 'number'
              ? `Er zijn ${num(enrolled)} deelnemers ingeschreven. ${num(complete)} van hen zijn lang genoeg gevolgd om mee te tellen in de percentages.`
              : 'Er zijn nog maar weinig deelnemers ingeschreven.'
          }
          quality={outcomeQuality(arr(x.consort), x.plan?.followUpDays)}
          analyst={
            <FiguresTable
              label="Stroom van deelnemers per groep"
              head={['Groep', 'Ingeschreven', 'Volledig gevolgd', 'Gereed', 'Uitval', 'Ander einde', 'Nog bezig']}
              rows={byPlan(arr(x.consort)).map((c) => [
                name(c.arm),
                shown(c.enrolled),
                shown(c.complete),
                shown(c.gereed),
                shown(c.uitval),
                shown(c.other),
                shown(c.inProgress),
              ])}
            />
          }
        />

        {metrics.map((m) => (
          <Box key={m.metric} component="section" aria-label={metricLabel(m.metric)}>
            <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
              {metricLabel(m.metric)} {m.primary ? '(belangrijkste uitkomst)' : ''}
            </Typography>
            {arr(m.comparisons).map((c) => (
              <Finding
                key={c.arm}
                sentence={comparisonFinding(r, m, c, name)}
                picture={
                  <RateChart
                    title={`${metricLabel(m.metric)} binnen ${num(Number(m.followUpDays))} dagen, per groep`}
                    arms={byPlan(arr(m.arms)).map((a) => ({
                      arm: a.arm,
                      name: name(a.arm),
                      rate: figure(a.rate),
                      ci95: figure(a.ci95),
                    }))}
                  />
                }
                quality={outcomeQuality(arr(m.arms), m.followUpDays)}
                analyst={
                  <>
                    <FiguresTable
                      label={`${metricLabel(m.metric)}: aantallen per groep`}
                      head={['Groep', 'Ingeschreven', 'Volledig gevolgd', 'Bereikt', 'Percentage', '95%-interval']}
                      rows={byPlan(arr(m.arms)).map((a) => [
                        name(a.arm),
                        shown(a.enrolled),
                        shown(a.complete),
                        shown(a.events),
                        shownPct(a.rate),
                        ci(a.ci95, (v) => pct(v)),
                      ])}
                    />
                    <FiguresTable
                      label={`${metricLabel(m.metric)}: ${name(c.arm)} tegen ${name(c.vs)}`}
                      head={['Maat', 'Waarde']}
                      rows={[
                        ['Verschil', shownPp(c.riskDifference)],
                        ['95%-interval van het verschil', ci(c.ci95, (v) => pp(v))],
                        ['Relatief risico', typeof c.riskRatio === 'number' ? num(c.riskRatio, 2) : '–'],
                        ['Odds ratio', typeof c.oddsRatio === 'number' ? num(c.oddsRatio, 2) : '–'],
                        ['p (Fisher)', pCell(c.fisherPValue)],
                        ...(c.holmPValue !== undefined ? [['p (Holm, meerdere uitkomsten)', pCell(c.holmPValue)]] : []),
                        ...(c.qValue !== undefined
                          ? [['q (Benjamini–Hochberg, heel het rapport)', pCell(c.qValue)]]
                          : []),
                        ['Kans dat de groep beter is', formatChance(c.probabilityBetter)],
                        ['p (Gray, tijd tot gereed)', pCell(c.grayPValue)],
                        ['p (Cochran–Mantel–Haenszel, per gemeente)', pCell(c.stratified?.cmhPValue)],
                        ['Verschil rekening houdend met de gemeente', shownPp(c.stratified?.mhRiskDifference)],
                        ['p (Breslow–Day, verschil tussen gemeenten)', pCell(c.stratified?.breslowDayPValue)],
                        [
                          'Aantal nodig voor één extra (NNT)',
                          c.numberNeededToTreat?.estimable && typeof c.numberNeededToTreat.value === 'number'
                            ? num(c.numberNeededToTreat.value, 1)
                            : 'niet te schatten',
                        ],
                      ]}
                    />
                  </>
                }
              />
            ))}
          </Box>
        ))}

        {curves.length > 0 && (
          <Box component="section" aria-label="Hoe snel">
            <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
              Hoe snel
            </Typography>
            {curves.map((m) => {
              const at = (a: (typeof m.arms)[number]) =>
                Array.isArray(a.cumulativeIncidence) ? a.cumulativeIncidence.find((p) => p.day === 180) : undefined;
              const parts = byPlan(arr(m.arms))
                .map((a) => ({ a, p: at(a) }))
                .filter(({ p }) => p && typeof p.value === 'number');
              return (
                <Finding
                  key={m.metric}
                  sentence={
                    parts.length
                      ? `Na 180 dagen: ${metricLabel(m.metric).toLowerCase()} ${parts.map(({ a, p }) => `${pct(p!.value as number, 0)} bij ${name(a.arm).toLowerCase()}`).join(', ')}. Hier tellen alle ingeschreven deelnemers mee.`
                      : `${metricLabel(m.metric)}: nog te weinig gegevens voor een lijn.`
                  }
                  picture={
                    <IncidenceChart
                      title={`Hoe snel: ${metricLabel(m.metric).toLowerCase()} per groep`}
                      series={byPlan(arr(m.arms)).map((a) => ({
                        name: name(a.arm),
                        // the whole step curve; the reviewer's view has it at the curve's days only
                        points: curveOf(a).map((p) => ({
                          day: Number(p.day),
                          value: figure(p.value),
                          ci95: figure(p.ci95),
                        })),
                      }))}
                    />
                  }
                  quality={incidenceQuality(arr(m.arms))}
                />
              );
            })}
          </Box>
        )}

        {r?.fidelity && arr(r.fidelity.arms).length > 0 && (
          <Box component="section" aria-label="Wat kreeg elke groep echt?">
            <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
              Wat kreeg elke groep echt?
            </Typography>
            <Typography variant="body2">{r.fidelity.note}</Typography>
            <FiguresTable
              label="Wat elke groep kreeg"
              head={[
                'Groep',
                'Wat telt als geleverd',
                'Ingeschreven',
                'Kreeg het minstens één keer',
                'Zo vaak als gepland',
                'Mediaan aantal keer',
                'Kreeg interventie van andere groep',
              ]}
              rows={byPlan(arr(r.fidelity.arms)).map((a) => [
                name(a.arm),
                a.label ? `${a.label} (${shown(a.expected)} keer gepland)` : 'niets',
                shown(a.enrolled),
                a.received === null ? '–' : `${shown(a.received)} (${shownPct(a.share, 0)})`,
                a.receivedAsExpected === null
                  ? '–'
                  : `${shown(a.receivedAsExpected)} (${shownPct(a.shareAsExpected, 0)})`,
                typeof a.medianReceived === 'string' ? a.medianReceived : num(a.medianReceived ?? null, 1),
                shown(a.contaminated),
              ])}
            />
          </Box>
        )}

        {arr(x.forest).length > 0 && (
          <Box component="section" aria-label="Per gemeente">
            <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
              Per gemeente
            </Typography>
            {arr(x.forest).map((fo) => {
              const cmp = primary && arr(primary.comparisons).find((c) => c.arm === fo.arm);
              const bd = cmp?.stratified?.breslowDayPValue;
              return (
                <Finding
                  key={fo.arm}
                  sentence={
                    typeof bd === 'number'
                      ? bd < 0.05
                        ? `Het verschil tussen ${name(fo.arm).toLowerCase()} en ${name(fo.vs).toLowerCase()} is waarschijnlijk niet in elke gemeente even groot (p = ${pCell(bd)}).`
                        : `Het verschil tussen ${name(fo.arm).toLowerCase()} en ${name(fo.vs).toLowerCase()} kan in alle gemeenten even groot zijn; de verschillen tussen gemeenten kunnen goed toeval zijn (p = ${pCell(bd)}).`
                      : `Per gemeente: het verschil tussen ${name(fo.arm).toLowerCase()} en ${name(fo.vs).toLowerCase()}.`
                  }
                  picture={
                    <ForestPlot
                      title={`Per gemeente: ${name(fo.arm)} vergeleken met ${name(fo.vs)}`}
                      rows={[
                        ...arr(fo.gemeenten).map((g) => {
                          const t = g.treatment?.complete;
                          const c = g.control?.complete;
                          return {
                            label: g.gemeente,
                            estimate: figure(g.riskDifference) ?? null,
                            ci95: figure(g.ci95) ?? null,
                            n: `n = ${typeof t === 'number' && typeof c === 'number' ? num(t + c) : '<5'}`,
                          };
                        }),
                        {
                          label: 'Alle gemeenten samen',
                          estimate: figure(fo.pooled?.riskDifference) ?? null,
                          ci95: figure(fo.pooled?.ci95) ?? null,
                          n: 'gewogen',
                        },
                      ]}
                    />
                  }
                  quality={primary ? outcomeQuality(arr(primary.arms), primary.followUpDays) : undefined}
                />
              );
            })}
          </Box>
        )}

        {primary &&
          arr(primary.comparisons).map((c) =>
            (['klantprofiel', 'segment'] as const).map((by) => {
              const sg = c.subgroups?.[by];
              if (!sg || !arr(sg.groups).length) return null;
              const rows = arr(sg.groups);
              const hp = sg.homogeneityPValue;
              return (
                <Box key={`${c.arm}-${by}`} component="section" aria-label={`Subgroepen naar ${by}`}>
                  <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
                    Voor wie werkt het? Naar {by} (verkennend)
                  </Typography>
                  <Finding
                    sentence={`Verkennend: het verschil per ${by}, alleen waar per groep minstens 20 deelnemers lang genoeg gevolgd zijn. ${
                      typeof hp === 'number'
                        ? hp < 0.05
                          ? `Het verschil is waarschijnlijk niet voor elk ${by} even groot (p = ${pCell(hp)}).`
                          : `De verschillen tussen de ${by}en kunnen goed toeval zijn (p = ${pCell(hp)}).`
                        : ''
                    } Dit vervangt nooit de belangrijkste uitkomst.${by === 'klantprofiel' ? ` ${SUBGROUP_PROFILE_NOTE}` : ''}`}
                    picture={
                      <ForestPlot
                        title={`${metricLabel(primary.metric)}: ${name(c.arm)} tegen ${name(c.vs)}, per ${by}`}
                        rows={rows.map((g) => {
                          const n = sum([g.treatment?.complete, g.control?.complete]);
                          return {
                            label: groupLabel(by, g[by]),
                            estimate: g.shown ? (figure(g.riskDifference) ?? null) : null,
                            ci95: g.shown ? (figure(g.ci95) ?? null) : null,
                            n: g.shown ? `n = ${shown(n)}` : 'te weinig',
                          };
                        })}
                      />
                    }
                    quality={outcomeQuality(
                      rows.flatMap((g) => [g.treatment, g.control]),
                      primary.followUpDays,
                    )}
                    analyst={
                      <FiguresTable
                        label={`Subgroepen naar ${by}`}
                        head={[
                          by,
                          'Bereikt (groep)',
                          'Gevolgd (groep)',
                          'Bereikt (controle)',
                          'Gevolgd (controle)',
                          'Verschil',
                          'p (Fisher)',
                        ]}
                        rows={rows.map((g) => [
                          groupLabel(by, g[by]),
                          shown(g.treatment?.events),
                          shown(g.treatment?.complete),
                          shown(g.control?.events),
                          shown(g.control?.complete),
                          g.shown ? shownPp(g.riskDifference) : 'te weinig',
                          g.shown ? pCell(g.fisherPValue) : '–',
                        ])}
                      />
                    }
                  />
                </Box>
              );
            }),
          )}

        {cijfers.length > 0 && (
          <Box component="section" aria-label="Klantbeleving">
            <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
              Klantbeleving
            </Typography>
            <SurvivorshipAlert items={[...beleving, ...arr(r?.emotions)]} />
            <Finding
              sentence={
                <>
                  {cijfers.flatMap((b) =>
                    arr(b.comparisons).map((c) => (
                      <span key={`${b.phase}-${c.arm}`} style={{ display: 'block' }}>
                        {belevingFinding(b, c, name, PHASE_LABELS[b.phase] ?? b.phase)}
                      </span>
                    )),
                  )}
                </>
              }
              picture={<BelevingChart rows={cijfers} arms={order} name={name} />}
              quality={belevingQuality(
                cijfers.map((b) => ({
                  phase: (PHASE_LABELS[b.phase] ?? b.phase).toLowerCase(),
                  measured: sum(arr(b.arms).map((a) => a.n)),
                })),
                enrolled,
              )}
              analyst={
                <>
                  <FiguresTable
                    label="Klantbeleving per fase en groep"
                    head={[
                      'Fase en vraag',
                      'Groep',
                      'Aantal',
                      'Gemiddelde',
                      'Spreiding',
                      'Verschil',
                      '95%-interval',
                      'p (Welch)',
                      'p (Mann–Whitney)',
                    ]}
                    rows={beleving.flatMap((b) =>
                      byPlan(arr(b.arms)).map((a) => {
                        const c = arr(b.comparisons).find((y) => y.arm === a.arm);
                        return [
                          `${PHASE_LABELS[b.phase] ?? b.phase}: ${ITEM_LABELS[b.item] ?? b.item}`,
                          name(a.arm),
                          shown(a.n),
                          typeof a.mean === 'number' ? num(a.mean, 2) : shown(a.mean),
                          typeof a.sd === 'number' ? num(a.sd, 2) : shown(a.sd),
                          c && typeof c.meanDifference === 'number' ? num(c.meanDifference, 2) : '–',
                          c ? ci(c.welchCi, (v) => num(v, 2)) : '–',
                          c ? pCell(c.welchPValue) : '–',
                          c ? pCell(c.mannWhitneyPValue) : '–',
                        ];
                      }),
                    )}
                  />
                  <FiguresTable
                    label="Emoties per fase en groep"
                    head={['Fase', 'Groep', 'Aantal', ...Object.values(EMOTION_LABELS)]}
                    rows={inJourneyOrder(arr(r?.emotions), (e) => e.phase).flatMap((e) =>
                      byPlan(arr(e.arms)).map((a) => [
                        PHASE_LABELS[e.phase] ?? e.phase,
                        name(a.arm),
                        shown(a.n),
                        ...Object.keys(EMOTION_LABELS).map((k) =>
                          typeof a.shares === 'string'
                            ? a.shares
                            : shownPct((a.shares as Record<string, Shown>)?.[k] ?? 0, 0),
                        ),
                      ]),
                    )}
                  />
                  <SurvivorshipTable items={[...beleving, ...arr(r?.emotions)]} armName={name} order={order} />
                </>
              }
            />
          </Box>
        )}
        {r?.belevingUitval && arr(r.belevingUitval.phases).length > 0 && (
          <Box component="section" aria-label="Klantbeleving en later uitval">
            <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
              Klantbeleving en later uitval
            </Typography>
            <Finding
              sentence={
                <>
                  <span style={{ display: 'block' }}>{r.belevingUitval.labelText}</span>
                  {belevingUitvalSentences(r.belevingUitval).map((s) => (
                    <span key={s.phase} style={{ display: 'block' }}>
                      {s.text}
                    </span>
                  ))}
                </>
              }
              picture={<BelevingUitvalChart bu={r.belevingUitval} />}
              quality={belevingUitvalQuality(r.belevingUitval)}
              analyst={<BelevingUitvalTable bu={r.belevingUitval} armName={name} />}
            />
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

/** Mean rapportcijfer per phase (journey order) and group, on the 1–10 scale. */
function BelevingChart({
  rows,
  arms,
  name,
}: {
  rows: readonly { phase: string; arms: readonly { arm: string; mean: Shown; n: Shown }[] }[];
  arms: string[];
  name: (k: string) => string;
}) {
  const data = rows.map((b) => ({
    fase: PHASE_LABELS[b.phase] ?? b.phase,
    ...Object.fromEntries(
      arms.map((k) => {
        const a = b.arms.find((y) => y.arm === k);
        return [name(k), typeof a?.mean === 'number' ? Math.round(a.mean * 10) / 10 : null];
      }),
    ),
  }));
  const colours = ['#1d4e89', '#b35900', '#2e7d32', '#6a1b9a'];
  return (
    <div
      role="img"
      aria-label={`Gemiddeld rapportcijfer per fase: ${data.map((d) => `${d.fase} ${arms.map((k) => `${name(k)} ${num((d as Record<string, unknown>)[name(k)] as number, 1)}`).join(', ')}`).join('; ')}`}
      style={{ width: '100%', height: 280 }}
    >
      <ResponsiveContainer>
        <BarChart data={data} margin={{ left: 8, right: 24, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="fase" tick={{ fill: '#1a1a1a', fontSize: 13 }} />
          <YAxis domain={[0, 10]} tick={{ fill: '#1a1a1a', fontSize: 13 }} />
          <Tooltip formatter={(v) => num(Number(v), 1)} />
          <Legend verticalAlign="top" />
          {arms.map((k, i) => (
            <Bar key={k} dataKey={name(k)} fill={colours[i % colours.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function FunnelChart({ counts }: { counts: Record<string, Shown> }) {
  const data = Object.entries(counts).map(([k, v]) => ({ name: metricLabel(k), n: figure(v), label: shown(v) }));
  return (
    <div
      role="img"
      aria-label={`Trechter van de sector: ${data.map((d) => `${d.name} ${d.label}`).join(', ')}`}
      style={{ width: '100%', height: 340 }}
      data-testid="funnel-chart"
    >
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v) => num(Number(v))} tick={{ fill: '#1a1a1a', fontSize: 13 }} />
          <YAxis type="category" dataKey="name" width={230} interval={0} tick={<WrappedTick maxChars={30} />} />
          <Tooltip formatter={(v) => num(Number(v))} />
          <Bar dataKey="n" name="Deelnemers" fill="#1d4e89" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The quarter's flows in one sentence: counts, said to be counts (issue 14). */
function flowSentence(c: Record<string, Shown> | undefined): string {
  return `In alle deelnemende gemeenten samen, in dit kwartaal: ${shown(c?.aanmelding)} aanmeldingen, ${shown(c?.intake)} intakes, ${shown(c?.instroom_stabilisatie)} keer instroom in stabilisatie, ${shown(c?.gereed_voor_schuldregeling)} keer gereed voor schuldregeling en ${shown(c?.akkoord_schuldregeling)} keer akkoord. Dit zijn tellingen, geen verhoudingen: de verhoudingen van de studie staan hieronder, per cohort.`;
}

function SectorReport({ report }: { report: ReportView }) {
  const s = report.sector;
  if (!s?.total?.counts) return null;
  return (
    <Card sx={{ mb: 2 }} component="section" aria-labelledby="sector-h" data-testid="report-sector">
      <CardContent>
        <Typography component="h2" variant="h5" id="sector-h">
          De sector dit kwartaal
        </Typography>
        <Typography variant="body2">{s.note}</Typography>
        <Finding
          sentence={flowSentence(s.total.counts as Record<string, Shown>)}
          picture={<FunnelChart counts={s.total.counts as Record<string, Shown>} />}
          quality={sectorQuality(
            arr(s.submissions?.steps),
            registrationCompleteness(report.dataQuality),
            'participants',
          )}
          analyst={
            <>
              <FiguresTable
                label="De sector per gemeente: aantallen in dit kwartaal"
                head={['Gemeente', 'Aanmelding', 'Intake', 'Instroom', 'Gereed', 'Akkoord', 'Uitval']}
                rows={arr(s.byGemeente).map((g) => [
                  g.gemeente,
                  shown(g.counts?.aanmelding),
                  shown(g.counts?.intake),
                  shown(g.counts?.instroom_stabilisatie),
                  shown(g.counts?.gereed_voor_schuldregeling),
                  shown(g.counts?.akkoord_schuldregeling),
                  shown(g.counts?.uitval),
                ])}
              />
              <FiguresTable
                label="Trend over de kwartalen: aantallen"
                head={['Kwartaal', 'Aanmelding', 'Intake', 'Instroom', 'Gereed', 'Akkoord']}
                rows={[...arr(s.trend), { ...s.total, quarter: `${report.quarter} (dit kwartaal)` }].map((t) => [
                  t.quarter,
                  shown(t.counts?.aanmelding),
                  shown(t.counts?.intake),
                  shown(t.counts?.instroom_stabilisatie),
                  shown(t.counts?.gereed_voor_schuldregeling),
                  shown(t.counts?.akkoord_schuldregeling),
                ])}
              />
              <FiguresTable
                label="Herkomst van de aangeleverde aantallen per stap"
                head={['Stap', 'Aantal', 'Bron', 'Samengesteld', 'Schatting', 'Uit gegevens per deelnemer']}
                rows={arr(s.submissions?.steps).map((st) => [
                  st.step,
                  shown(st.value),
                  ...(['bron', 'samengesteld', 'schatting', 'deelnemers'] as const).map((t) =>
                    typeof st.byTag === 'string' ? st.byTag : shown(st.byTag?.[t] ?? 0),
                  ),
                ])}
              />
            </>
          }
        />
        <CohortRatiosReport report={report} />
      </CardContent>
    </Card>
  );
}

/** The figure of a cohort estimate: the percentage (or `<5`), else why there is none. */
function cohortFigure(e: { status: string; estimate: Shown }): string {
  if (e.status === 'empty') return COHORT_EMPTY;
  if (e.status === 'not_yet') return COHORT_NOT_YET;
  return shownPct(e.estimate);
}

/**
 * The study's three ratios for the entry cohort of a year earlier (issue 14): one sentence per
 * ratio naming its cohort, against 2018, with the figures per gemeente one click away.
 */
function CohortRatiosReport({ report }: { report: ReportView }) {
  const c = report.sector?.cohortRatios;
  if (!c) return null;
  const ref = report.sector.reference2018 as Record<string, { value: number }> | undefined;
  return (
    <Box component="section" aria-labelledby="cohort-h" data-testid="report-cohorts" sx={{ mt: 3 }}>
      <Typography component="h3" variant="h6" id="cohort-h">
        Verhoudingen per cohort ({c.cohort})
      </Typography>
      <Typography variant="body2">{c.note}</Typography>
      {arr(c.ratios).map((r) => (
        <Finding
          key={r.ratio}
          sentence={cohortSentence(r, ref?.[r.ratio]?.value, {
            pct: (v) => pct(v, 1),
            pct0: (v) => pct(v, 0),
            int: (v) => num(v),
          })}
          quality={cohortQuality(c.complete === true)}
          analyst={
            <FiguresTable
              label={`${r.cohortLabel}, per gemeente`}
              head={['Gemeente', 'In het cohort', 'Binnen een jaar bereikt', 'Kans binnen een jaar', '95%-interval']}
              rows={[
                [
                  'Alle gemeenten samen',
                  shown(r.total.n),
                  shown(r.total.events),
                  cohortFigure(r.total),
                  r.total.status === 'estimate' ? ci(r.total.ci95, (v) => pct(v)) : '–',
                ],
                ...arr(r.byGemeente).map((g) => [
                  g.gemeente,
                  shown(g.n),
                  shown(g.events),
                  cohortFigure(g),
                  g.status === 'estimate' ? ci(g.ci95, (v) => pct(v)) : '–',
                ]),
                ...arr(c.aggregateOnly).map((g) => [g.gemeente, '–', '–', g.note, '–']),
              ]}
            />
          }
        />
      ))}
    </Box>
  );
}

function DataQualityReport({ report }: { report: ReportView }) {
  const pictures = arr(report.dataQuality);
  if (!pictures.length) return null;
  const mean = registrationCompleteness(pictures);
  return (
    <Card sx={{ mb: 2 }} component="section" aria-labelledby="dq-h" data-testid="report-data-quality">
      <CardContent>
        <Typography component="h2" variant="h5" id="dq-h">
          Datakwaliteit
        </Typography>
        <Finding
          sentence={`De kwaliteit van de registratie is gemiddeld ${mean === null ? '–' : num(mean)} van de 100 punten per gemeente: hoe compleet de mijlpalen zijn, of ze in een mogelijke volgorde staan, en hoeveel klantbeleving er gemeten is. Hoe hoger, hoe betrouwbaarder de cijfers hierboven.`}
          picture={
            <FiguresTable
              label="Kwaliteit van de registratie per gemeente"
              head={['Gemeente', 'Deelnemers', 'Kwaliteitsscore (0 tot 100)', 'Mijlpalen compleet']}
              rows={pictures.map((d) => {
                const ms = arr(d.milestones);
                const exp = sum(ms.map((m) => m.expected));
                const rec = sum(ms.map((m) => m.recorded));
                return [
                  d.gemeente,
                  shown(d.participants),
                  shown(d.completenessScore),
                  typeof exp === 'number' && typeof rec === 'number' && exp > 0 ? pct(rec / exp, 0) : '<5',
                ];
              })}
            />
          }
          analyst={
            <FiguresTable
              label="Klantbeleving gemeten per fase en gemeente"
              head={['Gemeente', 'Fase', 'Fase bereikt', 'Gemeten', 'Ontbreekt']}
              rows={pictures.flatMap((d) =>
                inJourneyOrder(arr(d.beleving), (b) => b.phase).map((b) => [
                  d.gemeente,
                  PHASE_LABELS[b.phase] ?? b.phase,
                  shown(b.reached),
                  shown(b.measured),
                  shown(b.missing),
                ]),
              )}
            />
          }
        />
      </CardContent>
    </Card>
  );
}

/** The whole report on screen, for every role that may read it. */
export function ReportBody({ report, before }: { report: ReportView; before?: ReactNode }) {
  return (
    <Box data-testid="report">
      {PRINT}
      {report.publication && (
        <Alert severity="success" sx={{ mb: 2 }}>
          Gepubliceerd: versie {report.publication.version}.
        </Alert>
      )}
      {before}
      {report.anonymisation && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="anonymisation">
          {report.anonymisation}
        </Alert>
      )}
      {arr(report.experiments).length === 0 && <Typography>Er liepen dit kwartaal geen experimenten.</Typography>}
      {arr(report.experiments).map((x) => (
        <ExperimentReport key={x.plan?.key} x={x} />
      ))}
      <SectorReport report={report} />
      <GemeenteContextReport report={report} />
      <DataQualityReport report={report} />
    </Box>
  );
}
