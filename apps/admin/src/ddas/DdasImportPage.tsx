import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Card,
  CardContent,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { normaliseGemeentecode } from '@living-lab/ddas';
import { useEffect, useRef, useState } from 'react';
import { Title, useDataProvider } from 'react-admin';
import { Link } from 'react-router-dom';
import { num, shortDate } from '../format';
import { caught } from '../http';
import { ddasApi, type GemeenteDdas } from './api';
import { convertInBackground, type ConvertProgress, type ConvertResult } from './convert';
import { GemeenteChoice, KeyStatus, useDdasGemeente } from './DdasKeyPage';
import { downloadText, useDdasKey } from './keyStore';

/** One problem the lab's import found (contracts.md §2), as the imports page shows them. */
interface ServerProblem {
  row?: number | null;
  column?: string | null;
  field?: string;
  path?: string;
  value?: string | null;
  message: string;
}
interface JobOutcome {
  id?: string;
  status?: string;
  phase?: string | null;
  progress?: number;
  rows?: number;
  created?: number;
  message?: string | null;
  errors?: ServerProblem[] | Record<string, string>;
  problems?: ServerProblem[];
  dryRun?: boolean;
}
const STATUS: Record<string, string> = {
  queued: 'In de wachtrij',
  running: 'Bezig',
  applied: 'Ingelezen',
  checked: 'Gecontroleerd (proef), er is niets opgeslagen',
  refused: 'Geweigerd',
  failed: 'Mislukt',
  interrupted: 'Onderbroken',
};
const PHASE: Record<ConvertProgress['phase'], string> = {
  lezen: 'Bestand lezen',
  controleren: 'Bestand controleren',
  omzetten: 'Cliënten omzetten naar codes',
};

/** The converted file's name: neutral, so no name or number from the original file name travels along. */
const CONVERTED_NAME = 'ddas-omgezet.json';

/**
 * "DDAS-bestand inlezen": the gemeente's DDAS file is read and converted on this computer (a Web
 * Worker, with progress); every problem is shown with its place in the file; then only the
 * converted file (codes instead of clients) is sent, first as a dry run, then for real.
 */
export function DdasImportPage() {
  const dp = useDataProvider();
  const key = useDdasKey();
  const [code, setCode, options] = useDdasGemeente();
  const [gemeente, setGemeente] = useState<GemeenteDdas | null>(null);
  const [all, setAll] = useState<GemeenteDdas[]>([]);
  const [fileName, setFileName] = useState<string | null>(null);
  const [progress, setProgress] = useState<ConvertProgress | null>(null);
  const [converted, setConverted] = useState<ConvertResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [job, setJob] = useState<JobOutcome | null>(null);
  const [checkedOk, setCheckedOk] = useState(false);
  const cancel = useRef<() => void>(() => undefined);

  useEffect(() => () => cancel.current(), []);
  useEffect(() => {
    setGemeente(null);
    if (code)
      ddasApi
        .gemeente(code)
        .then(setGemeente)
        .catch(() => setGemeente(null));
  }, [code]);
  useEffect(() => {
    ddasApi
      .gemeenten()
      .then(setAll)
      .catch(() => setAll([]));
  }, []);

  const registered = gemeente?.ddasKeyFingerprint ?? null;
  const wrongKey = !!key && ((!!registered && registered !== key.fingerprint) || (!!code && key.gemeente !== code));
  const converting = progress !== null && converted === null && error === null;

  const choose = async (file: File | undefined) => {
    cancel.current();
    setConverted(null);
    setJob(null);
    setCheckedOk(false);
    setError(null);
    setFileName(file?.name ?? null);
    if (!file || !key) return;
    setProgress({ phase: 'lezen', done: 0, total: 1 });
    const run = convertInBackground(file, key.key, setProgress);
    cancel.current = run.cancel;
    try {
      setConverted(await run.result);
    } catch (e) {
      setError(caught(e).message ?? 'Het omzetten lukte niet.');
    }
  };

  const poll = async (id: string): Promise<JobOutcome> => {
    for (;;) {
      const j: JobOutcome = await dp.getImport(id);
      setJob(j);
      if (!['queued', 'running'].includes(j.status ?? '')) return j;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };

  const send = async (dryRun: boolean) => {
    if (!converted?.text) return;
    setSending(true);
    setJob(null);
    setError(null);
    const form = new FormData();
    // Only the converted delivery is sent: codes instead of clients, no names, no BSN.
    form.append('file', new File([converted.text], CONVERTED_NAME, { type: 'application/json' }));
    form.append('kind', 'ddas');
    form.append('dryRun', String(dryRun));
    form.append('wait', 'false');
    try {
      const started: JobOutcome = await dp.upload(form);
      const done =
        started.id && ['queued', 'running'].includes(started.status ?? '') ? await poll(started.id) : started;
      setJob(done);
      if (dryRun) setCheckedOk(done.status === 'checked');
    } catch (e) {
      const { message, body } = caught(e);
      if (body && (body.status === 'refused' || body.errors || body.problems))
        setJob({ ...(body as JobOutcome), status: 'refused', message: message ?? null });
      else setError(message ?? 'Het versturen lukte niet.');
    } finally {
      setSending(false);
    }
  };

  const problems = converted?.problems ?? [];
  const summary = converted?.summary;
  const jobProblems: ServerProblem[] = Array.isArray(job?.errors) ? job.errors : (job?.problems ?? []);
  /** The lab's gemeente of a trajectory's CBS code, for links to the participants' timelines. */
  const labGemeente = (() => {
    const cbs = summary?.gemeentecodes.length === 1 ? summary.gemeentecodes[0] : null;
    const byCbs = all.find((g) => g.cbsCode && normaliseGemeentecode(g.cbsCode) === cbs);
    return byCbs?.code ?? (gemeente && gemeente.cbsCode === cbs ? gemeente.code : null);
  })();

  return (
    <Box sx={{ mt: 2, maxWidth: 1000 }}>
      <Title title="DDAS-bestand inlezen" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5" gutterBottom>
            DDAS-bestand inlezen
          </Typography>
          <Typography sx={{ mb: 2 }}>
            Lees het DDAS-bestand in dat uw gemeente ook aan het CBS levert. Dan hoeft u dezelfde gegevens niet nog eens
            in te voeren.
          </Typography>
          <Alert severity="info" data-testid="ddas-privacy" sx={{ mb: 2 }}>
            <strong>Namen en BSN&apos;s verlaten uw computer niet.</strong> Deze pagina leest het bestand op uw eigen
            computer en zet het daar om: elke cliënt krijgt een code. Naar het lab gaat alleen het omgezette bestand,
            zonder BSN, geboortedatum, adres, namen, telefoonnummers of omschrijvingen.
          </Alert>
          <GemeenteChoice value={code} onChange={setCode} options={options} />
          <Typography component="h2" variant="h6">
            Stap 1: sleutel
          </Typography>
          <KeyStatus gemeente={gemeente} registered={registered} />
          {!key && (
            <Typography sx={{ mt: 1 }}>
              Open eerst de DDAS-sleutel van uw gemeente op de pagina <Link to="/ddas-sleutel">DDAS-sleutel</Link>.
            </Typography>
          )}

          <Typography component="h2" variant="h6" sx={{ mt: 2 }}>
            Stap 2: bestand kiezen en omzetten
          </Typography>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 1 }}>
            <Button component="label" variant="contained" disabled={!key || wrongKey || converting || sending}>
              DDAS-bestand kiezen
              <input
                type="file"
                hidden
                accept=".json,application/json"
                data-testid="ddas-file"
                onChange={(e) => {
                  void choose(e.target.files?.[0]);
                  e.target.value = '';
                }}
              />
            </Button>
            <span>{fileName ?? 'Nog geen bestand gekozen'}</span>
          </Box>
          {converting && progress && (
            <Box sx={{ mt: 2 }} aria-live="polite" data-testid="ddas-progress">
              <LinearProgress
                variant={progress.phase === 'omzetten' ? 'determinate' : 'indeterminate'}
                value={progress.total ? (progress.done / progress.total) * 100 : 0}
                aria-label="Voortgang van het omzetten"
              />
              <Typography variant="body2">
                {PHASE[progress.phase]}
                {progress.phase === 'omzetten'
                  ? `: ${num(progress.done)} van ${num(progress.total)} trajecten (${num((progress.done / Math.max(progress.total, 1)) * 100)}%)`
                  : '…'}
              </Typography>
            </Box>
          )}
          {error && (
            <Alert severity="error" role="alert" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
          {problems.length > 0 && (
            <Box sx={{ mt: 2 }} data-testid="ddas-problems">
              <Alert severity="error" role="alert">
                Het bestand is niet omgezet en er is niets verstuurd.{' '}
                {problems.length >= 100
                  ? 'Er zijn 100 of meer problemen; hieronder staan de eerste 100.'
                  : problems.length === 1
                    ? 'Er is 1 probleem:'
                    : `Er zijn ${num(problems.length)} problemen:`}
              </Alert>
              <Table size="small" aria-label="Problemen in het DDAS-bestand" sx={{ mt: 1 }}>
                <TableHead>
                  <TableRow>
                    <TableCell>Plek in het bestand</TableCell>
                    <TableCell>Probleem</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {problems.slice(0, 100).map((p, i) => (
                    <TableRow key={i}>
                      <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{p.path}</TableCell>
                      <TableCell>{p.message}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
          {summary && (
            <Box sx={{ mt: 2 }} data-testid="ddas-summary">
              <Alert severity="success" role="status">
                Omgezet op uw computer: {num(summary.trajecten)} {summary.trajecten === 1 ? 'traject' : 'trajecten'} van{' '}
                {num(summary.deelnemers)} {summary.deelnemers === 1 ? 'deelnemer' : 'deelnemers'}. Er is nog niets
                verstuurd.
              </Alert>
              <Table size="small" aria-label="Samenvatting van het omgezette bestand" sx={{ mt: 1, maxWidth: 640 }}>
                <TableBody>
                  <TableRow>
                    <TableCell component="th" scope="row">
                      Periode van de levering
                    </TableCell>
                    <TableCell>
                      {shortDate(summary.startdatumLevering)} t/m {shortDate(summary.einddatumLevering)}
                    </TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell component="th" scope="row">
                      Leveringen
                    </TableCell>
                    <TableCell>{num(summary.leveringen)}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell component="th" scope="row">
                      Trajecten
                    </TableCell>
                    <TableCell>{num(summary.trajecten)}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell component="th" scope="row">
                      Deelnemers (codes)
                    </TableCell>
                    <TableCell>{num(summary.deelnemers)}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell component="th" scope="row">
                      Gemeentecode
                    </TableCell>
                    <TableCell>{summary.gemeentecodes.join(', ') || '–'}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell component="th" scope="row">
                      Omgezet bestand
                    </TableCell>
                    <TableCell>{num(summary.bytes / 1024, 1)} kB</TableCell>
                  </TableRow>
                </TableBody>
              </Table>
              <Button
                sx={{ mt: 1 }}
                onClick={() => converted?.text && downloadText(converted.text, CONVERTED_NAME)}
                variant="text"
              >
                Omgezet bestand bekijken (downloaden)
              </Button>
            </Box>
          )}

          {summary && (
            <>
              <Typography component="h2" variant="h6" sx={{ mt: 2 }}>
                Stap 3: omgezet bestand versturen
              </Typography>
              <Typography sx={{ mb: 1 }}>
                Controleer eerst: het lab kijkt het bestand na, maar slaat nog niets op. Gaat dat goed, kies dan
                “Inlezen”. Een bestand wordt helemaal ingelezen of helemaal niet. Hetzelfde bestand twee keer inlezen
                verandert niets.
              </Typography>
              <Box sx={{ display: 'flex', gap: 1 }}>
                <Button variant="contained" onClick={() => send(true)} disabled={sending}>
                  Controleren (proef)
                </Button>
                <Button variant="contained" onClick={() => send(false)} disabled={sending || !checkedOk}>
                  Inlezen
                </Button>
              </Box>
            </>
          )}
          {sending && (
            <Box sx={{ mt: 2 }} aria-live="polite">
              <LinearProgress
                variant={job?.progress ? 'determinate' : 'indeterminate'}
                value={(job?.progress ?? 0) * 100}
                aria-label="Voortgang bij het lab"
              />
              <Typography variant="body2">
                {job?.phase ? `Bezig bij het lab: ${job.phase}` : 'Versturen en verwerken…'}
              </Typography>
            </Box>
          )}
          {job && !sending && (
            <Box sx={{ mt: 2 }} data-testid="ddas-outcome">
              <Alert
                severity={job.status === 'applied' || job.status === 'checked' ? 'success' : 'error'}
                role={job.status === 'applied' || job.status === 'checked' ? 'status' : 'alert'}
              >
                <AlertTitle>{STATUS[job.status ?? ''] ?? job.status}</AlertTitle>
                {job.message ?? ''}{' '}
                {job.rows !== undefined ? `(${num(job.rows)} ${job.rows === 1 ? 'traject' : 'trajecten'})` : ''}
              </Alert>
              {jobProblems.length > 0 && (
                <Table size="small" aria-label="Problemen die het lab vond" sx={{ mt: 1 }}>
                  <TableHead>
                    <TableRow>
                      <TableCell>Plek</TableCell>
                      <TableCell>Probleem</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {jobProblems.slice(0, 100).map((p, i) => (
                      <TableRow key={i}>
                        <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                          {p.path ?? p.field ?? p.column ?? (p.row ? `traject ${p.row}` : '–')}
                        </TableCell>
                        <TableCell>{p.message}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
              {job.status === 'applied' && summary && labGemeente && (
                <Box sx={{ mt: 2 }} data-testid="ddas-participants">
                  <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 'bold' }}>
                    Deelnemers in dit bestand
                  </Typography>
                  <Box component="ul" sx={{ mt: 0 }}>
                    {summary.codes.slice(0, 20).map((c) => (
                      <li key={c}>
                        <Link to={`/participants/${encodeURIComponent(`${labGemeente}/${c}`)}/show`}>
                          Tijdlijn van {c}
                        </Link>
                      </li>
                    ))}
                  </Box>
                  {summary.deelnemers > 20 && (
                    <Typography>
                      En nog {num(summary.deelnemers - 20)}. Zoek een deelnemer via “Deelnemer zoeken”.
                    </Typography>
                  )}
                </Box>
              )}
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
