import {
  Alert,
  Box,
  Card,
  CardContent,
  LinearProgress,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { Title, useDataProvider } from 'react-admin';
import { metricLabel, num, pct, PHASE_LABELS } from '../format';
import { recentQuarters } from '@living-lab/quarters';
import type { DataQualityPicture, DdasQuality } from '@living-lab/report';
import { MetricName } from '../begrippen/TermLink';

/** Data quality per gemeente and quarter: completeness per milestone, missing klantbeleving, warnings. */
export function DataQualityPage() {
  const dp = useDataProvider();
  const quarters = recentQuarters();
  const [quarter, setQuarter] = useState(quarters[0]);
  const [data, setData] = useState<DataQualityPicture[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    dp.getDataQuality(quarter)
      .then((r: DataQualityPicture | DataQualityPicture[]) => setData(Array.isArray(r) ? r : [r]))
      .catch((e: Error) => setError(e.message));
  }, [dp, quarter]);
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Datakwaliteit" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5">
            Datakwaliteit
          </Typography>
          <Typography>
            Hoe volledig zijn de gegevens per gemeente? Ontbrekende mijlpalen en klantbeleving maken de vergelijking
            minder eerlijk.
          </Typography>
          <TextField
            select
            id="dq-kwartaal"
            label="Kwartaal"
            value={quarter}
            onChange={(e) => setQuarter(e.target.value)}
            margin="normal"
            sx={{ minWidth: 200 }}
          >
            {quarters.map((q) => (
              <MenuItem key={q} value={q}>
                {q.replace('-Q', ' kwartaal ')}
              </MenuItem>
            ))}
          </TextField>
        </CardContent>
      </Card>
      {error && <Alert severity="info">{error}</Alert>}
      {!data && !error && <LinearProgress aria-label="Laden" />}
      {data?.map((g) => (
        <Card key={g.gemeente} sx={{ mb: 2 }} data-testid="dq-gemeente">
          <CardContent>
            <Typography component="h2" variant="h6">
              {g.gemeente}: score {num(g.completenessScore)} van 100
            </Typography>
            <Typography variant="body2">
              {num(g.participants)} deelnemers in dit kwartaal (peildatum {g.asOf}).
            </Typography>
            <Table size="small" aria-label={`Volledigheid per mijlpaal in ${g.gemeente}`} sx={{ mt: 1 }}>
              <TableHead>
                <TableRow>
                  <TableCell>Mijlpaal</TableCell>
                  <TableCell align="right">Verwacht</TableCell>
                  <TableCell align="right">Vastgelegd</TableCell>
                  <TableCell align="right">Volledig</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {(g.milestones ?? []).map((m) => (
                  <TableRow key={m.milestone}>
                    <TableCell>
                      <MetricName metric={m.milestone} />
                    </TableCell>
                    <TableCell align="right">{num(m.expected)}</TableCell>
                    <TableCell align="right">{num(m.recorded)}</TableCell>
                    <TableCell align="right">{pct(m.completeness, 0)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {(g.beleving ?? []).length > 0 && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                Klantbeleving gemeten:{' '}
                {g.beleving
                  .map((b) => `${PHASE_LABELS[b.phase] ?? b.phase} ${num(b.measured)} van ${num(b.reached)}`)
                  .join(' · ')}
              </Typography>
            )}
            {g.ddas && <DdasLine ddas={g.ddas} participants={g.participants} />}
            {(g.warnings ?? []).length > 0 && (
              <Alert severity="warning" sx={{ mt: 1 }}>
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {(g.warnings ?? []).map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </Alert>
            )}
          </CardContent>
        </Card>
      ))}
    </Box>
  );
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });

/** What DDAS deliveries brought for this gemeente, and where they disagree with the own registration. */
function DdasLine({ ddas, participants }: { ddas: DdasQuality; participants: number }) {
  const last = ddas.lastDelivery;
  return (
    <Box sx={{ mt: 1 }} data-testid="dq-ddas">
      <Typography variant="body2">
        DDAS: {num(ddas.withDdas)} van de {num(participants)} deelnemers ({pct(ddas.share, 0)}) hebben gegevens uit een
        DDAS-levering.{' '}
        {last
          ? `Laatste levering: ${day(last.deliveredAt)} (${num(last.trajectories)} trajecten, periode ${last.periodStart} tot en met ${last.periodEnd}, ingelezen ${day(last.importedAt)}).`
          : 'Nog geen DDAS-levering ingelezen.'}
      </Typography>
      {ddas.disagreements.length > 0 && (
        <Typography variant="body2">
          DDAS en de eigen registratie verschillen bij:{' '}
          {ddas.disagreements
            .map(
              (d) =>
                `${metricLabel(d.milestone)} (${num(d.participants)} ${d.participants === 1 ? 'deelnemer' : 'deelnemers'})`,
            )
            .join(' · ')}
          .
        </Typography>
      )}
    </Box>
  );
}
