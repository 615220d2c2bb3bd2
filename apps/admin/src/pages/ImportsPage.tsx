import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { downloadCSV, Title, useDataProvider, usePermissions, type RaRecord } from 'react-admin';
import { Link } from 'react-router-dom';
import { can } from '../authProvider';
import { dateTime, KIND_LABELS, num } from '../format';
import { caught } from '../http';
import { toCsv } from '../csvExport';

/** One row-level problem of an import (contracts.md §2), or a field problem of a refused upload. */
interface ImportProblemRow {
  row?: number | null;
  column?: string | null;
  field?: string;
  value?: string | null;
  message: string;
}
/** What the page shows of an import: the job (GET /imports/:id), the upload's answer or a refusal's body. */
interface ImportOutcome {
  id?: string;
  status?: string;
  phase?: string | null;
  progress?: number;
  rows?: number;
  message?: string | null;
  errors?: ImportProblemRow[] | Record<string, string>;
}
/** An earlier import in the history (GET /imports). */
interface ImportJob extends RaRecord {
  createdAt: string;
  fileName: string;
  dryRun: boolean;
  kind: string;
  status: string;
  rows: number;
  created: number;
  errorCount: number;
}
/** The kinds in the history: those of the form, and DDAS deliveries (uploaded from DDAS-bestand inlezen). */
const HISTORY_KIND_LABELS: Record<string, string> = { ...KIND_LABELS, ddas: 'DDAS-bestand (omgezet)' };
const STATUS: Record<string, string> = {
  queued: 'In de wachtrij',
  running: 'Bezig',
  applied: 'Verwerkt',
  checked: 'Gecontroleerd (proef)',
  refused: 'Geweigerd',
  failed: 'Mislukt',
  interrupted: 'Onderbroken',
};

/** The history's columns: header, how a cell reads, and its value in the CSV download. */
const HISTORY_COLUMNS: {
  field: keyof ImportJob & string;
  header: string;
  numeric?: boolean;
  csv: (h: ImportJob) => unknown;
}[] = [
  { field: 'createdAt', header: 'Wanneer', csv: (h) => dateTime(h.createdAt) },
  { field: 'fileName', header: 'Bestand', csv: (h) => `${h.fileName}${h.dryRun ? ' (proef)' : ''}` },
  { field: 'kind', header: 'Soort', csv: (h) => HISTORY_KIND_LABELS[h.kind] ?? h.kind },
  { field: 'status', header: 'Uitkomst', csv: (h) => STATUS[h.status] ?? h.status },
  { field: 'rows', header: 'Rijen', numeric: true, csv: (h) => h.rows },
  { field: 'created', header: 'Nieuw', numeric: true, csv: (h) => h.created },
  { field: 'errorCount', header: 'Problemen', numeric: true, csv: (h) => h.errorCount },
];

/** Upload a CSV/XLSX export, try it first (dry run), see every row-level problem, follow large files, and the history. */
export function ImportsPage() {
  const dp = useDataProvider();
  const { permissions: role } = usePermissions();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState('events');
  const [dryRun, setDryRun] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<ImportJob[] | null>(null);
  const [sort, setSort] = useState<{ field: keyof ImportJob & string; order: 'asc' | 'desc' }>({
    field: 'createdAt',
    order: 'desc',
  });
  const sortedHistory = useMemo(() => {
    if (!history) return history;
    const dir = sort.order === 'asc' ? 1 : -1;
    return [...history].sort((a, b) => {
      const x = a[sort.field];
      const y = b[sort.field];
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'nl')) * dir;
    });
  }, [history, sort]);
  const loadHistory = useCallback(
    () =>
      dp
        .getList<ImportJob>('imports', {
          pagination: { page: 1, perPage: 20 },
          sort: { field: 'createdAt', order: 'DESC' },
          filter: {},
        })
        .then((r) => setHistory(r.data))
        .catch(() => setHistory([])),
    [dp],
  );
  useEffect(() => {
    loadHistory();
  }, [loadHistory]);

  const poll = async (id: string) => {
    for (;;) {
      const job = await dp.getImport(id);
      setOutcome(job);
      if (!['queued', 'running'].includes(job.status)) return job;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    const form = new FormData();
    form.append('file', file);
    form.append('kind', kind);
    form.append('dryRun', String(dryRun));
    form.append('wait', 'false');
    try {
      const started = await dp.upload(form);
      if (started.id && ['queued', 'running'].includes(started.status)) await poll(started.id);
      else setOutcome(started);
    } catch (err) {
      const { message, body } = caught(err);
      if (body && (body.status === 'refused' || body.errors))
        setOutcome({ ...body, errors: body.problems ?? body.errors } as ImportOutcome);
      else setError(message ?? 'Het inlezen lukte niet.');
    } finally {
      setBusy(false);
      loadHistory();
    }
  };
  const problems: ImportProblemRow[] = Array.isArray(outcome?.errors) ? outcome.errors : [];
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Bestanden inlezen" />
      {can(role, 'imports.write') && (
        <Card sx={{ mb: 2 }}>
          <CardContent>
            <Typography component="h1" variant="h5" gutterBottom>
              Bestand inlezen
            </Typography>
            <Typography>
              Lees een export uit uw eigen systeem in (CSV of XLSX). Een bestand wordt helemaal verwerkt of helemaal
              niet. Probeer het eerst met “alleen controleren”.
            </Typography>
            {can(role, 'ddas') && (
              <Typography sx={{ mt: 1 }}>
                Heeft u een DDAS-bestand (het bestand voor het CBS)? Gebruik dan{' '}
                <Link to="/ddas-inlezen">DDAS-bestand inlezen</Link>: daar zet uw computer het eerst om, zodat geen BSN
                of naam wordt verstuurd.
              </Typography>
            )}
            <Box component="form" onSubmit={submit} sx={{ mt: 1, maxWidth: 560 }}>
              <TextField
                select
                id="import-soort"
                label="Wat staat er in het bestand?"
                value={kind}
                onChange={(e) => setKind(e.target.value)}
                fullWidth
                margin="normal"
              >
                {Object.entries(KIND_LABELS).map(([k, v]) => (
                  <MenuItem key={k} value={k}>
                    {v}
                  </MenuItem>
                ))}
              </TextField>
              <Button component="label" variant="outlined" sx={{ mr: 2 }}>
                Bestand kiezen
                <input
                  type="file"
                  hidden
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  aria-label="Bestand kiezen"
                  data-testid="import-file"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </Button>
              <span>{file ? `${file.name} (${num(file.size / 1024, 1)} kB)` : 'Nog geen bestand gekozen'}</span>
              <Box>
                <FormControlLabel
                  control={<Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />}
                  label="Alleen controleren (proef, er wordt niets opgeslagen)"
                />
              </Box>
              <Button type="submit" variant="contained" disabled={!file || busy}>
                {dryRun ? 'Controleren' : 'Inlezen'}
              </Button>
            </Box>
            {busy && (
              <Box sx={{ mt: 2 }} aria-live="polite">
                <LinearProgress
                  variant={outcome?.progress ? 'determinate' : 'indeterminate'}
                  value={(outcome?.progress ?? 0) * 100}
                  aria-label="Voortgang"
                />
                <Typography variant="body2">
                  {outcome?.phase ? `Bezig: ${outcome.phase}` : 'Bezig met inlezen…'}{' '}
                  {outcome?.rows ? `(${num(outcome.rows)} rijen)` : ''}
                </Typography>
              </Box>
            )}
            {error && (
              <Alert severity="error" role="alert" sx={{ mt: 2 }}>
                {error}
              </Alert>
            )}
            {outcome && !busy && (
              <Box sx={{ mt: 2 }} data-testid="import-outcome">
                <Alert
                  severity={outcome.status === 'applied' || outcome.status === 'checked' ? 'success' : 'error'}
                  role="status"
                >
                  {STATUS[outcome.status ?? ''] ?? outcome.status}: {outcome.message ?? ''}{' '}
                  {outcome.rows !== undefined ? `${num(outcome.rows)} rijen.` : ''}
                </Alert>
                {problems.length > 0 && (
                  <Table size="small" aria-label="Problemen per rij" data-testid="import-errors" sx={{ mt: 1 }}>
                    <TableHead>
                      <TableRow>
                        <TableCell>Rij</TableCell>
                        <TableCell>Kolom</TableCell>
                        <TableCell>Waarde</TableCell>
                        <TableCell>Probleem</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {problems.map((p, i) => (
                        <TableRow key={i}>
                          <TableCell>{p.row ?? '–'}</TableCell>
                          <TableCell>{p.column ?? p.field ?? '–'}</TableCell>
                          <TableCell>{p.value ?? ''}</TableCell>
                          <TableCell>{p.message}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </Box>
            )}
          </CardContent>
        </Card>
      )}
      <Card>
        <CardContent>
          <Typography component="h2" variant="h6">
            Eerder ingelezen
          </Typography>
          {history === null ? (
            <LinearProgress aria-label="Laden" />
          ) : history.length === 0 ? (
            <Typography>Nog geen imports.</Typography>
          ) : (
            <>
              <Button
                size="small"
                sx={{ mt: 1 }}
                onClick={() =>
                  downloadCSV(
                    toCsv(
                      sortedHistory ?? [],
                      HISTORY_COLUMNS.map((c) => ({ header: c.header, value: c.csv })),
                    ),
                    'imports',
                  )
                }
              >
                Downloaden (CSV)
              </Button>
              <Table size="small" aria-label="Eerder ingelezen bestanden">
                <TableHead>
                  <TableRow>
                    {HISTORY_COLUMNS.map((c) => (
                      <TableCell
                        key={c.field}
                        align={c.numeric ? 'right' : undefined}
                        sortDirection={sort.field === c.field ? sort.order : false}
                      >
                        <TableSortLabel
                          active={sort.field === c.field}
                          direction={sort.field === c.field ? sort.order : 'asc'}
                          onClick={() =>
                            setSort((s) => ({
                              field: c.field,
                              order: s.field === c.field && s.order === 'asc' ? 'desc' : 'asc',
                            }))
                          }
                        >
                          {c.header}
                        </TableSortLabel>
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {(sortedHistory ?? []).map((h) => (
                    <TableRow key={h.id}>
                      <TableCell>{dateTime(h.createdAt)}</TableCell>
                      <TableCell>
                        {h.fileName}
                        {h.dryRun ? ' (proef)' : ''}
                      </TableCell>
                      <TableCell>{HISTORY_KIND_LABELS[h.kind] ?? h.kind}</TableCell>
                      <TableCell>{STATUS[h.status] ?? h.status}</TableCell>
                      <TableCell align="right">{num(h.rows)}</TableCell>
                      <TableCell align="right">{num(h.created)}</TableCell>
                      <TableCell align="right">{num(h.errorCount)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
