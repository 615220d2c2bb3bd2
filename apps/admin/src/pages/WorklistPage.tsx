import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  Link,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { Title, useGetList, usePermissions } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import {
  dutchDate,
  WORKLIST_REASON_LABELS,
  WORKLIST_REASONS,
  type WorklistReason,
  type WorklistResult,
  type WorklistRow,
} from '@living-lab/worklist';
import { api, caught, download, session } from '../http';
import { num } from '../format';

const ALL = '*';

type SortKey = 'participantRef' | 'reason' | 'since' | 'gemeente';

const COMPARE: Record<SortKey, (a: WorklistRow, b: WorklistRow) => number> = {
  participantRef: (a, b) => a.participantRef.localeCompare(b.participantRef, 'nl', { numeric: true }),
  reason: (a, b) => WORKLIST_REASONS.indexOf(a.reason) - WORKLIST_REASONS.indexOf(b.reason),
  since: (a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0),
  gemeente: (a, b) => a.gemeente.localeCompare(b.gemeente, 'nl'),
};

/** The link to a participant's timeline (the participants resource's show page). */
export const timelinePath = (gemeente: string, ref: string) =>
  `/participants/${encodeURIComponent(`${gemeente}/${ref}`)}/show`;

/**
 * Werklijst (issue 16): the participants of a gemeente that need something from staff, why and
 * since when, oldest first. Each row opens the participant's timeline; the list downloads as CSV.
 * A beheerder first picks a gemeente, or explicitly all (every gemeente's list takes seconds at
 * national scale, see bench:worklist).
 */
export function WorklistPage() {
  const { permissions: role } = usePermissions();
  const own = session.gemeente;
  const { data: gemeenten } = useGetList(
    'gemeenten',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'naam', order: 'ASC' } },
    { enabled: role === 'beheerder' },
  );
  /** Beheerder: '' until chosen, ALL for every gemeente, else a gemeente code. */
  const [gemeente, setGemeente] = useState('');
  const [reason, setReason] = useState<WorklistReason | ''>('');
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'since', asc: true });
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(25);
  const [data, setData] = useState<WorklistResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = !!own || gemeente !== '';
  const code = own || gemeente === ALL ? undefined : gemeente;
  useEffect(() => {
    setData(null);
    setError(null);
    if (!chosen) return;
    api<WorklistResult>('/worklist', { query: { gemeente: code } })
      .then((r) => setData(r.json))
      .catch((e: unknown) => setError(caught(e).message ?? 'De werklijst kon niet worden geladen.'));
  }, [chosen, code]);
  const rows = useMemo(() => {
    const shown = (data?.rows ?? []).filter((r) => !reason || r.reason === reason);
    const cmp = COMPARE[sort.key];
    return [...shown].sort((a, b) => (sort.asc ? cmp(a, b) : -cmp(a, b)) || COMPARE.since(a, b));
  }, [data, reason, sort]);
  useEffect(() => setPage(0), [data, reason, sort, perPage]);
  const showGemeente = !own && gemeente === ALL;
  const sortBy = (key: SortKey) => setSort((s) => ({ key, asc: s.key === key ? !s.asc : true }));
  const header = (key: SortKey, text: string) => (
    <TableCell sortDirection={sort.key === key ? (sort.asc ? 'asc' : 'desc') : false}>
      <TableSortLabel active={sort.key === key} direction={sort.asc ? 'asc' : 'desc'} onClick={() => sortBy(key)}>
        {text}
      </TableSortLabel>
    </TableCell>
  );
  const exportCsv = () =>
    download(
      `/worklist/export.csv${code ? `?gemeente=${encodeURIComponent(code)}` : ''}`,
      `werklijst-${own ?? code ?? 'alle'}-${data?.asOf ?? ''}.csv`,
    ).catch((e: unknown) => setError(caught(e).message ?? 'Downloaden lukte niet.'));

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Werklijst" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5" gutterBottom>
            Werklijst
          </Typography>
          <Typography>
            Deze deelnemers hebben iets nodig: er is lang geen nieuwe stap gezet, de klantbeleving ontbreekt, een
            klantlink is niet ingevuld of er is nog geen intake. De oudste staan bovenaan. Klik op een code om de
            tijdlijn te openen.
          </Typography>
          <Box sx={{ mt: 2, display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
            {!own && (
              <TextField
                select
                id="werklijst-gemeente"
                label="Gemeente"
                value={gemeente}
                onChange={(e) => setGemeente(e.target.value)}
                sx={{ width: 280 }}
              >
                <MenuItem value={ALL}>Alle gemeenten</MenuItem>
                {(gemeenten ?? []).map((g) => (
                  <MenuItem key={g.code} value={g.code}>
                    {g.naam}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <Button variant="outlined" startIcon={<DownloadIcon />} onClick={exportCsv} disabled={!data}>
              Downloaden als CSV
            </Button>
          </Box>
        </CardContent>
      </Card>
      {error && <Alert severity="error">{error}</Alert>}
      {!chosen && <Alert severity="info">Kies een gemeente om haar werklijst te zien.</Alert>}
      {chosen && !data && !error && <LinearProgress aria-label="Werklijst laden" />}
      {data && (
        <Card>
          <CardContent>
            <Typography component="h2" variant="h6" gutterBottom>
              {data.total === 0
                ? `Niemand op de werklijst (peildatum ${dutchDate(data.asOf)}).`
                : `${num(data.total)} ${data.total === 1 ? 'punt' : 'punten'} op de werklijst (peildatum ${dutchDate(data.asOf)})`}
            </Typography>
            <Stack
              direction="row"
              spacing={1}
              sx={{ flexWrap: 'wrap', gap: 1, mb: 2 }}
              role="group"
              aria-label="Toon alleen"
            >
              <Chip
                label={`Alles (${num(data.total)})`}
                color={reason === '' ? 'primary' : 'default'}
                variant={reason === '' ? 'filled' : 'outlined'}
                onClick={() => setReason('')}
                aria-pressed={reason === ''}
              />
              {WORKLIST_REASONS.map((r) => (
                <Chip
                  key={r}
                  label={`${WORKLIST_REASON_LABELS[r]} (${num(data.byReason[r])})`}
                  color={reason === r ? 'primary' : 'default'}
                  variant={reason === r ? 'filled' : 'outlined'}
                  onClick={() => setReason(r)}
                  aria-pressed={reason === r}
                />
              ))}
            </Stack>
            {rows.length > 0 && (
              <Table size="small" aria-label="Werklijst" data-testid="werklijst">
                <TableHead>
                  <TableRow>
                    {header('participantRef', 'Deelnemer')}
                    {showGemeente && header('gemeente', 'Gemeente')}
                    {header('reason', 'Wat is er')}
                    {header('since', 'Sinds')}
                    <TableCell align="right">Dagen</TableCell>
                    <TableCell>Toelichting</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.slice(page * perPage, (page + 1) * perPage).map((r) => (
                    <TableRow key={`${r.gemeente}/${r.participantRef}/${r.reason}`}>
                      <TableCell>
                        <Link component={RouterLink} to={timelinePath(r.gemeente, r.participantRef)}>
                          {r.participantRef}
                        </Link>
                      </TableCell>
                      {showGemeente && <TableCell>{r.gemeente}</TableCell>}
                      <TableCell>{WORKLIST_REASON_LABELS[r.reason]}</TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{dutchDate(r.since)}</TableCell>
                      <TableCell align="right">{num(r.days)}</TableCell>
                      <TableCell>{r.text}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {rows.length > 25 && (
              <TablePagination
                component="div"
                count={rows.length}
                page={page}
                onPageChange={(_, p) => setPage(p)}
                rowsPerPage={perPage}
                onRowsPerPageChange={(e) => setPerPage(Number(e.target.value))}
                rowsPerPageOptions={[25, 50, 100]}
                labelRowsPerPage="Regels per pagina:"
                labelDisplayedRows={({ from, to, count }) => `${from}–${to} van ${count}`}
                getItemAriaLabel={(type) =>
                  type === 'next'
                    ? 'Volgende pagina'
                    : type === 'previous'
                      ? 'Vorige pagina'
                      : type === 'first'
                        ? 'Eerste pagina'
                        : 'Laatste pagina'
                }
              />
            )}
          </CardContent>
        </Card>
      )}
    </Box>
  );
}
