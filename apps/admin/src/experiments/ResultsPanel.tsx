import {
  Alert,
  Box,
  Card,
  CardContent,
  CircularProgress,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { useDataProvider, type RaRecord } from 'react-admin';
import { compareProportions } from '@living-lab/stats';
import { boundarySentence, comparisonFinding } from '@living-lab/findings';
import { inJourneyOrder } from '@living-lab/vocabulary';
import { belevingQuality, incidenceQuality, outcomeQuality } from '@living-lab/quality';
import {
  date,
  EMOTION_LABELS,
  formatChance,
  formatP,
  interval,
  ITEM_LABELS,
  metricLabel,
  num,
  PHASE_LABELS,
  pct,
  pp,
  pValue,
} from '../format';
import type { Comparison, ExperimentResults, MetricResult } from '@living-lab/results';
import { ForestPlot, IncidenceChart, RateChart, type ForestRow } from './charts';
import { UitvalWhereCard } from './UitvalWhere';
import { DoorlooptijdCard } from './DoorlooptijdCard';
import { BelevingUitvalCard, SurvivorshipAlert, SurvivorshipMark, SurvivorshipTable } from './BelevingUitval';
import { FidelityCard } from './FidelityCard';
import { MetricName, PhaseName } from '../begrippen/TermLink';

/** What the panel needs of the experiment: its key and arms. */
interface PanelExperiment {
  key: string;
  arms: { key: string; name: string; control?: boolean }[];
}

function forestRows(metric: MetricResult, arm: string, control: string, combined: Comparison | undefined): ForestRow[] {
  const rows: ForestRow[] = (metric.byGemeente ?? []).map((g): ForestRow => {
    const t = g.arms.find((a) => a.arm === arm);
    const c = g.arms.find((a) => a.arm === control);
    if (!t || !c || !t.complete || !c.complete) return { label: g.gemeente, estimate: null, ci95: null, n: '' };
    try {
      const cmp = compareProportions(
        { successes: t.events, total: t.complete },
        { successes: c.events, total: c.complete },
      );
      return {
        label: g.gemeente,
        estimate: cmp.riskDifference,
        ci95: cmp.riskDifferenceCi,
        n: `n = ${num(t.complete + c.complete)}`,
      };
    } catch {
      return { label: g.gemeente, estimate: null, ci95: null, n: '' };
    }
  });
  if (combined)
    rows.push({ label: 'Samen', estimate: combined.riskDifference, ci95: combined.ci95, n: 'alle gemeenten' });
  return rows;
}

/** The data-quality line under a figure: source tag and completeness of follow-up (libs/domain quality.ts). */
export function Quality({ text }: { text: string }) {
  return (
    <Typography variant="body2" sx={{ color: 'text.secondary', mt: 0.5 }} data-testid="quality">
      {text}
    </Typography>
  );
}

/** The live results of an experiment (contracts.md §4), in words first, then numbers and charts. */
export function ResultsPanel({ experiment: record }: { experiment: RaRecord }) {
  const experiment = record as RaRecord & PanelExperiment;
  const dp = useDataProvider();
  const [results, setResults] = useState<ExperimentResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    dp.getResults(experiment.key)
      .then((r: ExperimentResults) => live && setResults(r))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [dp, experiment.key]);
  if (error) return <Alert severity="info">De resultaten zijn nog niet beschikbaar: {error}</Alert>;
  if (!results)
    return (
      <Box sx={{ p: 2 }}>
        <CircularProgress aria-label="Resultaten laden" />
      </Box>
    );
  const armName = (k: string) => experiment.arms?.find((a) => a.key === k)?.name ?? k;
  const primary = results.metrics?.find((m) => m.primary) ?? results.metrics?.[0];
  const curves = (results.metrics ?? []).filter(
    (m) => m.metric === 'gereed_voor_schuldregeling' || m.metric === 'uitval',
  );
  const control = experiment.arms?.find((a) => a.control)?.key;
  return (
    <Box data-testid="results">
      <Typography component="h2" variant="h5" sx={{ mt: 3, mb: 1 }}>
        Resultaten tot en met {date(results.asOf)}
      </Typography>
      {results.labelText && <Typography sx={{ mb: 1 }}>{results.labelText}</Typography>}
      {results.srm && (
        <Alert severity={results.srm.mismatch ? 'error' : 'success'} sx={{ mb: 1 }} data-testid="srm">
          Verdeling over de armen (SRM-controle): {results.srm.mismatch ? 'wijkt af van het plan' : 'zoals gepland'} (
          {formatP(results.srm.pValue)}).
        </Alert>
      )}
      {(results.warnings ?? []).length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          <Typography component="h3" sx={{ fontWeight: 'bold' }}>
            Let op
          </Typography>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {results.warnings.map((w: string) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
      {(results.metrics ?? []).map((m) => (
        <Card key={m.metric} sx={{ mb: 2 }} variant="outlined">
          <CardContent>
            <Typography component="h3" variant="h6">
              <MetricName metric={m.metric} /> binnen {num(m.followUpDays)} dagen{' '}
              {m.primary ? '(belangrijkste uitkomst)' : ''}
            </Typography>
            {(m.comparisons ?? []).map((c) => (
              <Typography key={c.arm} sx={{ my: 1, fontSize: '1.05rem' }} data-testid="comparison-sentence">
                {comparisonFinding(results, m, c, armName)}
              </Typography>
            ))}
            <Grid container spacing={2}>
              <Grid size={{ xs: 12, md: 6 }}>
                <Table size="small" aria-label={`Percentages ${metricLabel(m.metric)} per groep`}>
                  <TableHead>
                    <TableRow>
                      <TableCell>Groep</TableCell>
                      <TableCell align="right">Ingeschreven</TableCell>
                      <TableCell align="right">Volledig gevolgd</TableCell>
                      <TableCell align="right">Bereikt</TableCell>
                      <TableCell align="right">Percentage</TableCell>
                      <TableCell>95%-interval</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {m.arms.map((a) => (
                      <TableRow key={a.arm}>
                        <TableCell>{armName(a.arm)}</TableCell>
                        <TableCell align="right">{num(a.enrolled)}</TableCell>
                        <TableCell align="right">{num(a.complete)}</TableCell>
                        <TableCell align="right">{num(a.events)}</TableCell>
                        <TableCell align="right">{pct(a.rate)}</TableCell>
                        <TableCell>{interval(a.ci95)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {(m.comparisons ?? []).map((c) => (
                  <Typography key={c.arm} variant="body2" sx={{ mt: 1 }}>
                    Verschil {armName(c.arm)} − {armName(c.vs)}: <strong>{pp(c.riskDifference)}</strong> (95%-interval{' '}
                    {interval(c.ci95, (v) => pp(v))}), Fisher p = {pValue(c.fisherPValue)}
                    {c.holmPValue !== undefined ? `, na Holm-correctie p = ${pValue(c.holmPValue)}` : ''}; kans dat{' '}
                    {armName(c.arm)} beter is: {formatChance(c.probabilityBetter)}.
                    {c.stratified?.mhRiskDifference !== undefined && c.stratified?.mhRiskDifference !== null
                      ? ` Rekening houdend met de gemeente: ${pp(c.stratified.mhRiskDifference)} (CMH p = ${pValue(c.stratified.cmhPValue)}).`
                      : ''}
                  </Typography>
                ))}
              </Grid>
              <Grid size={{ xs: 12, md: 6 }}>
                <RateChart
                  title={`${metricLabel(m.metric)}: percentage per groep met 95%-interval`}
                  arms={m.arms.map((a) => ({ arm: a.arm, name: armName(a.arm), rate: a.rate, ci95: a.ci95 }))}
                />
                <Quality text={outcomeQuality(m.arms, m.followUpDays)} />
              </Grid>
            </Grid>
          </CardContent>
        </Card>
      ))}
      {curves.length > 0 && (
        <Card sx={{ mb: 2 }} variant="outlined">
          <CardContent>
            <Typography component="h3" variant="h6">
              Cumulatieve incidentie
            </Typography>
            <Typography variant="body2" sx={{ mb: 1 }}>
              Welk deel van de deelnemers na zoveel dagen gereed voor schuldregeling is of uitgevallen (concurrerende
              risico’s).
            </Typography>
            <Grid container spacing={2}>
              {curves.map((m) => (
                <Grid key={m.metric} size={{ xs: 12, md: 6 }} data-testid={`incidence-${m.metric}`}>
                  <IncidenceChart
                    title={metricLabel(m.metric)}
                    series={m.arms.map((a) => ({
                      name: armName(a.arm),
                      points: a.stepCurve ?? a.cumulativeIncidence ?? [],
                    }))}
                  />
                  <Quality text={incidenceQuality(m.arms)} />
                </Grid>
              ))}
            </Grid>
          </CardContent>
        </Card>
      )}
      {results.uitvalByPhase && <UitvalWhereCard where={results.uitvalByPhase} armName={armName} />}
      {results.doorlooptijd && <DoorlooptijdCard dt={results.doorlooptijd} armName={armName} />}
      {results.fidelity && <FidelityCard fidelity={results.fidelity} armName={armName} />}
      {primary &&
        control &&
        (primary.comparisons ?? []).map((c) => (
          <Card key={c.arm} sx={{ mb: 2 }} variant="outlined">
            <CardContent>
              <ForestPlot
                title={`${metricLabel(primary.metric)} per gemeente: ${armName(c.arm)} vergeleken met ${armName(control)}`}
                rows={forestRows(primary, c.arm, control, c)}
              />
              <Quality text={outcomeQuality(primary.arms, primary.followUpDays)} />
            </CardContent>
          </Card>
        ))}
      {(results.beleving ?? []).length > 0 && (
        <Card sx={{ mb: 2 }} variant="outlined">
          <CardContent>
            <Typography component="h3" variant="h6">
              Klantbeleving per fase
            </Typography>
            <SurvivorshipAlert items={[...results.beleving, ...(results.emotions ?? [])]} />
            <Table size="small" aria-label="Klantbeleving per fase: gemiddelde per groep">
              <TableHead>
                <TableRow>
                  <TableCell>Fase</TableCell>
                  <TableCell>Vraag</TableCell>
                  {experiment.arms.map((a) => (
                    <TableCell key={a.key} align="right">
                      {a.name} (gemiddeld, n)
                    </TableCell>
                  ))}
                  <TableCell>Verschil (95%-interval)</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {inJourneyOrder(results.beleving, (b) => b.phase).map((b) => (
                  <TableRow key={`${b.phase}-${b.item}`}>
                    <TableCell>
                      <PhaseName phase={b.phase} />
                      <SurvivorshipMark item={b} />
                    </TableCell>
                    <TableCell>{ITEM_LABELS[b.item] ?? b.item}</TableCell>
                    {experiment.arms.map((a) => {
                      const s = b.arms.find((x) => x.arm === a.key);
                      return (
                        <TableCell key={a.key} align="right">
                          {s && s.n ? `${num(s.mean, 1)} (${num(s.n)})` : '–'}
                        </TableCell>
                      );
                    })}
                    <TableCell>
                      {(b.comparisons ?? [])
                        .map((c) =>
                          c.meanDifference === null
                            ? '–'
                            : `${c.meanDifference > 0 ? '+' : ''}${num(c.meanDifference, 2)} (${interval(c.welchCi, (v) => num(v, 2))})`,
                        )
                        .join('; ')}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Quality
              text={belevingQuality(
                inJourneyOrder(
                  results.beleving.filter((b) => b.item === 'rapportcijfer'),
                  (b) => b.phase,
                ).map((b) => ({
                  phase: (PHASE_LABELS[b.phase] ?? b.phase).toLowerCase(),
                  measured: b.arms.reduce((s, a) => s + a.n, 0),
                })),
                primary?.arms.reduce((s, a) => s + a.enrolled, 0),
              )}
            />
            <SurvivorshipTable
              items={[...results.beleving, ...(results.emotions ?? [])]}
              armName={armName}
              order={experiment.arms.map((a) => a.key)}
            />
          </CardContent>
        </Card>
      )}
      {(results.emotions ?? []).length > 0 && (
        <Card sx={{ mb: 2 }} variant="outlined">
          <CardContent>
            <Typography component="h3" variant="h6">
              Emoties per fase
            </Typography>
            <SurvivorshipAlert items={results.emotions} />
            <Table size="small" aria-label="Aandeel van elke emotie per fase en groep">
              <TableHead>
                <TableRow>
                  <TableCell>Fase</TableCell>
                  <TableCell>Groep</TableCell>
                  {Object.keys(EMOTION_LABELS).map((e) => (
                    <TableCell key={e} align="right">
                      {EMOTION_LABELS[e]}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {inJourneyOrder(results.emotions, (p) => p.phase).flatMap((p) =>
                  p.arms.map((a) => (
                    <TableRow key={`${p.phase}-${a.arm}`}>
                      <TableCell>
                        <PhaseName phase={p.phase} />
                        <SurvivorshipMark item={p} />
                      </TableCell>
                      <TableCell>
                        {armName(a.arm)} (n = {num(a.n)})
                      </TableCell>
                      {Object.keys(EMOTION_LABELS).map((e) => (
                        <TableCell key={e} align="right">
                          {pct(a.shares[e] ?? 0, 0)}
                        </TableCell>
                      ))}
                    </TableRow>
                  )),
                )}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
      {results.belevingUitval && <BelevingUitvalCard bu={results.belevingUitval} armName={armName} />}
      {results.guards?.power && (
        <Card sx={{ mb: 2 }} variant="outlined">
          <CardContent>
            <Typography component="h3" variant="h6">
              Omvang en tussentijdse blik
            </Typography>
            <Typography variant="body2">
              Gepland per arm:{' '}
              {results.guards.power.plannedPerArm
                ? Object.entries(results.guards.power.plannedPerArm)
                    .map(([k, v]) => `${armName(k)} ${num(v)}`)
                    .join(', ')
                : 'niet opgegeven'}
              . Nu volledig gevolgd:{' '}
              {Object.entries(results.guards.power.completePerArm ?? {})
                .map(([k, v]) => `${armName(k)} ${num(v)}`)
                .join(', ')}
              .
              {results.guards.power.minimumDetectableDifference !== null
                ? ` Met deze aantallen is een verschil vanaf ${pp(results.guards.power.minimumDetectableDifference)} te vinden.`
                : ''}
            </Typography>
            {results.guards.sequential?.available ? (
              <Typography variant="body2" data-testid="boundary">
                {boundarySentence(results.guards.sequential)}
              </Typography>
            ) : results.guards.sequential?.reason ? (
              <Typography variant="body2">{results.guards.sequential.reason}</Typography>
            ) : null}
          </CardContent>
        </Card>
      )}
    </Box>
  );
}
