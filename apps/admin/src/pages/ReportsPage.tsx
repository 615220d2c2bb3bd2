import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Title, useDataProvider, useNotify, usePermissions } from 'react-admin';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { can } from '../authProvider';
import { ForestPlot, RateChart, WrappedTick } from '../experiments/charts';
import { dateTime, metricLabel, num } from '../format';
import type { ReportView } from '@living-lab/report';
import { comparisonFinding } from '@living-lab/findings';
import { recentQuarters } from '@living-lab/quarters';
import { ReflectionsSection } from './reflections/ReflectionsSection';

/** A published version as GET …/versions lists it. */
interface ReportVersion {
  version: number;
  publishedAt: string;
}

/** A count as the report holds it: a number, or `<5` in the reviewer's view. */
const shown = (v: number | string | null | undefined) => (typeof v === 'string' ? v : num(v));
/** A figure for a chart: `<5` has no length to draw. */
const figure = <T,>(v: T | string): T | null => (typeof v === 'string' ? null : v);

function FunnelChart({ counts }: { counts: Record<string, number | string> }) {
  const data = Object.entries(counts).map(([k, v]) => ({ name: metricLabel(k), n: figure(v), label: shown(v) }));
  return (
    <div
      role="img"
      aria-label={`Trechter van de sector: ${data.map((d) => `${d.name} ${d.label}`).join(', ')}`}
      style={{ width: '100%', height: 320 }}
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

/** The quarterly reflection report: view with charts, download PDF and XLSX, publish, versions. */
export function ReportsPage() {
  const dp = useDataProvider();
  const notify = useNotify();
  const { permissions: role } = usePermissions();
  const quarters = recentQuarters();
  const [quarter, setQuarter] = useState(quarters[0]);
  const [draft, setDraft] = useState(can(role, 'reports.publish'));
  const [report, setReport] = useState<ReportView | null>(null);
  const [versions, setVersions] = useState<ReportVersion[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setReport(null);
    setError(null);
    dp.getReport(quarter, draft && can(role, 'reports.publish') ? { draft: true } : {})
      .then(setReport)
      .catch((e: { status?: number; message?: string }) =>
        setError(
          e?.status === 404
            ? `Er is nog geen gepubliceerd rapport voor ${quarter}. ${e.message ?? ''}`
            : (e.message ?? null),
        ),
      );
    if (can(role, 'reports.versions'))
      dp.getReportVersions(quarter)
        .then(setVersions)
        .catch(() => setVersions([]));
  }, [dp, quarter, draft, role]);
  useEffect(() => {
    load();
  }, [load]);
  const publish = async () => {
    try {
      const v = await dp.publishReport(quarter);
      notify(`Versie ${v.version ?? ''} is gepubliceerd.`, { type: 'success' });
      load();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  const get = (ext: 'pdf' | 'xlsx') =>
    dp
      .downloadReport(quarter, ext, draft && can(role, 'reports.publish') ? '?draft=true' : '')
      .catch((e: Error) => notify(e.message, { type: 'error' }));
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Kwartaalrapporten" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5">
            Kwartaalreflectie
          </Typography>
          <Typography>
            Elk kwartaal de uitkomsten van de experimenten, samengevat en zonder gegevens van personen. Gemeenten staan
            er onder een code in, tenzij ze toestemming gaven.
          </Typography>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mt: 1 }}>
            <TextField
              select
              id="rapport-kwartaal"
              label="Kwartaal"
              value={quarter}
              onChange={(e) => setQuarter(e.target.value)}
              sx={{ minWidth: 200 }}
              margin="normal"
            >
              {quarters.map((q) => (
                <MenuItem key={q} value={q}>
                  {q.replace('-Q', ' kwartaal ')}
                </MenuItem>
              ))}
            </TextField>
            {can(role, 'reports.publish') && (
              <FormControlLabel
                control={<Switch checked={draft} onChange={(e) => setDraft(e.target.checked)} />}
                label="Concept (nog niet gepubliceerd)"
              />
            )}
            <Button variant="outlined" onClick={() => get('pdf')}>
              PDF downloaden
            </Button>
            <Button variant="outlined" onClick={() => get('xlsx')}>
              Excel downloaden
            </Button>
            {can(role, 'reports.publish') && (
              <Button variant="contained" onClick={publish}>
                Publiceren
              </Button>
            )}
          </Box>
          {versions.length > 0 && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              Gepubliceerde versies:{' '}
              {versions.map((v) => `versie ${v.version} (${dateTime(v.publishedAt)})`).join(', ')}
            </Typography>
          )}
        </CardContent>
      </Card>
      {error && <Alert severity="info">{error}</Alert>}
      {!report && !error && <LinearProgress aria-label="Laden" />}
      {report && (
        <Box data-testid="report">
          {report.publication && (
            <Alert severity="success" sx={{ mb: 2 }}>
              Gepubliceerd: versie {report.publication.version}.
            </Alert>
          )}
          <ReflectionsSection
            quarter={quarter}
            role={role}
            experiments={(report.experiments ?? []).map((x) => ({ key: x.plan?.key, title: x.plan?.title }))}
          />
          {(report.experiments ?? []).map((x) => {
            const primary = x.results?.metrics?.find((m) => m.primary);
            const name = (k: string) => x.plan?.arms?.find((a) => a.key === k)?.name ?? k;
            return (
              <Card key={x.plan?.key} sx={{ mb: 2 }}>
                <CardContent>
                  <Typography component="h2" variant="h6">
                    {x.plan?.title}
                  </Typography>
                  {primary?.comparisons.map((c) => (
                    <Typography key={c.arm} sx={{ my: 1 }} data-testid="finding">
                      {comparisonFinding(x.results, primary, c, name)}
                    </Typography>
                  ))}
                  {primary && (
                    <RateChart
                      title={`${metricLabel(primary.metric)} per arm`}
                      arms={primary.arms.map((a) => ({
                        arm: a.arm,
                        name: name(a.arm),
                        rate: figure(a.rate),
                        ci95: figure(a.ci95),
                      }))}
                    />
                  )}
                  {(x.consort ?? []).length > 0 && (
                    <Table size="small" aria-label="Stroom van deelnemers per arm">
                      <TableHead>
                        <TableRow>
                          <TableCell>Arm</TableCell>
                          <TableCell align="right">Ingeschreven</TableCell>
                          <TableCell align="right">Volledig gevolgd</TableCell>
                          <TableCell align="right">Gereed</TableCell>
                          <TableCell align="right">Uitval</TableCell>
                          <TableCell align="right">Nog bezig</TableCell>
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {x.consort.map((c) => (
                          <TableRow key={c.arm}>
                            <TableCell>{name(c.arm)}</TableCell>
                            <TableCell align="right">{shown(c.enrolled)}</TableCell>
                            <TableCell align="right">{shown(c.complete)}</TableCell>
                            <TableCell align="right">{shown(c.gereed)}</TableCell>
                            <TableCell align="right">{shown(c.uitval)}</TableCell>
                            <TableCell align="right">{shown(c.inProgress)}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  )}
                  {(x.forest ?? []).map((f) => (
                    <Box key={f.arm} sx={{ mt: 2 }}>
                      <ForestPlot
                        title={`Per gemeente: ${name(f.arm)} vergeleken met ${name(f.vs)}`}
                        rows={f.gemeenten.map((g) => {
                          const t = g.treatment?.complete ?? 0;
                          const c = g.control?.complete ?? 0;
                          return {
                            label: g.gemeente,
                            estimate: figure(g.riskDifference) ?? null,
                            ci95: figure(g.ci95) ?? null,
                            n: `n = ${typeof t === 'number' && typeof c === 'number' ? num(t + c) : '–'}`,
                          };
                        })}
                      />
                    </Box>
                  ))}
                </CardContent>
              </Card>
            );
          })}
          {report.sector?.total?.counts && (
            <Card sx={{ mb: 2 }}>
              <CardContent>
                <Typography component="h2" variant="h6">
                  De sector dit kwartaal
                </Typography>
                <Typography variant="body2">{report.sector.note}</Typography>
                <FunnelChart counts={report.sector.total.counts} />
              </CardContent>
            </Card>
          )}
        </Box>
      )}
    </Box>
  );
}
