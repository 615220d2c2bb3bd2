import TimelineIcon from '@mui/icons-material/Timeline';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Grid,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState, type FormEvent } from 'react';
import {
  Show,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  type RaRecord,
} from 'react-admin';
import { can } from '../authProvider';
import { caught, fieldErrors } from '../http';
import { CorrectDate, CorrectionHistory, type TimelineEvent } from './DateCorrection';
import { KlantprofielForm, KlantprofielHistory, profileLabel, type KlantprofielEntry } from './Klantprofiel';
import { DutchDateField } from '../inputs/DutchDateInput';
import { DeliveryForm, deliveryText, RetractDelivery, type Delivery, type DeliveryKind } from './Deliveries';
import {
  BELEVING_ITEMS,
  shortDate,
  dateTime,
  EMOTION_CHOICES,
  EMOTION_LABELS,
  ITEM_LABELS,
  MILESTONE_CHOICES,
  METRIC_LABELS,
  PHASE_CHOICES,
  PHASE_LABELS,
  REASON_CHOICES,
  REASON_LABELS,
  todayIso,
} from '../format';
import type { BelevingItem } from '@living-lab/vocabulary';

/** A one-time link for the client (POST /client-forms). */
interface ClientFormLink {
  phase: string;
  url: string;
  qrSvg: string;
  expiresAt: string;
}

/** Add a milestone. Uitval asks for its reason (required by the API as well). */
function MilestoneForm({ gemeente, ref_ }: { gemeente: string; ref_: string }) {
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [milestone, setMilestone] = useState('');
  const [occurredOn, setOccurredOn] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    if (milestone === 'uitval' && !reason) {
      setErrors({ reason: 'Kies de reden van de uitval.' });
      return;
    }
    try {
      await dp.addEvent(gemeente, ref_, { milestone, occurredOn, ...(milestone === 'uitval' ? { reason } : {}) });
      notify('De mijlpaal is vastgelegd.', { type: 'success' });
      setMilestone('');
      setReason('');
      refresh();
    } catch (err) {
      const { body } = caught(err);
      if (body?.code === 'participant.milestone_exists') {
        setMessage(
          'Deze mijlpaal staat al op de tijdlijn. Klopt de datum daar niet? Kies dan "Datum verbeteren" bij die regel.',
        );
        return;
      }
      setErrors(fieldErrors(err));
      setMessage(caught(err).message ?? 'Vastleggen lukte niet.');
    }
  };
  return (
    <Box component="form" noValidate onSubmit={submit} aria-labelledby="mijlpaal-kop" data-testid="milestone-form">
      <Typography id="mijlpaal-kop" component="h2" variant="h6">
        Mijlpaal toevoegen
      </Typography>
      <TextField
        select
        id="mijlpaal"
        label="Mijlpaal"
        value={milestone}
        onChange={(e) => setMilestone(e.target.value)}
        fullWidth
        margin="dense"
        required
        error={!!errors.milestone}
        helperText={errors.milestone}
      >
        {MILESTONE_CHOICES.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      {milestone === 'uitval' && (
        <TextField
          select
          id="reden"
          label="Reden van de uitval"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          fullWidth
          margin="dense"
          required
          error={!!errors.reason}
          helperText={errors.reason ?? 'Waarom is de deelnemer uitgevallen?'}
        >
          {REASON_CHOICES.map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
      )}
      <DutchDateField
        id="mijlpaal-datum"
        label="Datum"
        value={occurredOn}
        onChange={setOccurredOn}
        fullWidth
        margin="dense"
        required
        error={!!errors.occurredOn}
        helperText={errors.occurredOn}
      />
      {message && (
        <Alert severity="error" role="alert" sx={{ my: 1 }}>
          {message}
        </Alert>
      )}
      <Button type="submit" variant="contained" disabled={!milestone}>
        Mijlpaal opslaan
      </Button>
    </Box>
  );
}

/** Add a klantbeleving score filled in by staff (with the client). */
function ScoreForm({ gemeente, ref_ }: { gemeente: string; ref_: string }) {
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [v, setV] = useState<Record<string, string>>({ phase: '', measuredOn: todayIso() });
  const [message, setMessage] = useState<string | null>(null);
  const set = (k: string) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const body: Record<string, string | number> = { phase: v.phase, measuredOn: v.measuredOn };
    for (const k of ['rapportcijfer', ...BELEVING_ITEMS]) if (v[k]) body[k] = Number(v[k]);
    if (v.emotie) body.emotie = v.emotie;
    try {
      await dp.addBeleving(gemeente, ref_, body);
      notify('De klantbeleving is vastgelegd.', { type: 'success' });
      setV({ phase: '', measuredOn: todayIso() });
      refresh();
    } catch (err) {
      const { message, body } = caught(err);
      const problems = body?.problems;
      setMessage(problems?.length ? problems.map((p) => p.message).join(' ') : (message ?? 'Vastleggen lukte niet.'));
    }
  };
  return (
    <Box component="form" noValidate onSubmit={submit} aria-labelledby="score-kop" data-testid="score-form">
      <Typography id="score-kop" component="h2" variant="h6">
        Klantbeleving toevoegen
      </Typography>
      <TextField
        select
        id="score-fase"
        label="Fase"
        value={v.phase}
        onChange={set('phase')}
        fullWidth
        margin="dense"
        required
      >
        {PHASE_CHOICES.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      <DutchDateField
        id="score-datum"
        label="Datum"
        value={v.measuredOn}
        onChange={(d) => setV((x) => ({ ...x, measuredOn: d }))}
        fullWidth
        margin="dense"
        required
      />
      <TextField
        select
        id="score-rapportcijfer"
        label={ITEM_LABELS.rapportcijfer}
        value={v.rapportcijfer ?? ''}
        onChange={set('rapportcijfer')}
        fullWidth
        margin="dense"
      >
        <MenuItem value="">Niet ingevuld</MenuItem>
        {Array.from({ length: 10 }, (_, i) => (
          <MenuItem key={i + 1} value={String(i + 1)}>
            {i + 1}
          </MenuItem>
        ))}
      </TextField>
      <Grid container spacing={1}>
        {BELEVING_ITEMS.map((item) => (
          <Grid key={item} size={{ xs: 12, sm: 6 }}>
            <TextField
              select
              id={`score-${item}`}
              label={`${ITEM_LABELS[item]} (1–5)`}
              value={v[item] ?? ''}
              onChange={set(item)}
              fullWidth
              margin="dense"
            >
              <MenuItem value="">Niet ingevuld</MenuItem>
              {[1, 2, 3, 4, 5].map((n) => (
                <MenuItem key={n} value={String(n)}>
                  {n}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
        ))}
      </Grid>
      <TextField
        select
        id="score-emotie"
        label="Emotie"
        value={v.emotie ?? ''}
        onChange={set('emotie')}
        fullWidth
        margin="dense"
      >
        <MenuItem value="">Niet ingevuld</MenuItem>
        {EMOTION_CHOICES.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      {message && (
        <Alert severity="error" role="alert" sx={{ my: 1 }}>
          {message}
        </Alert>
      )}
      <Button type="submit" variant="contained" disabled={!v.phase}>
        Score opslaan
      </Button>
    </Box>
  );
}

/** A one-time link and QR code the client opens on a phone to answer the questions themselves. */
function ClientLink({ gemeente, ref_ }: { gemeente: string; ref_: string }) {
  const dp = useDataProvider();
  const [phase, setPhase] = useState('');
  const [link, setLink] = useState<ClientFormLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const make = async () => {
    setError(null);
    try {
      setLink(await dp.createClientForm({ gemeente, participantRef: ref_, phase }));
    } catch (e) {
      setError(caught(e).message ?? 'Dat lukte niet.');
    }
  };
  return (
    <Box data-testid="client-link">
      <Typography component="h2" variant="h6">
        Vragenlijst voor de cliënt
      </Typography>
      <Typography variant="body2">
        Maak een link (en QR-code) die de cliënt zelf op de telefoon opent. De link werkt één keer en 30 dagen.
      </Typography>
      <TextField
        select
        id="link-fase"
        label="Fase"
        value={phase}
        onChange={(e) => setPhase(e.target.value)}
        fullWidth
        margin="dense"
      >
        {PHASE_CHOICES.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      <Button variant="outlined" onClick={make} disabled={!phase}>
        Link maken
      </Button>
      {error && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      <Dialog open={!!link} onClose={() => setLink(null)} aria-labelledby="qr-title">
        <DialogTitle id="qr-title">Link voor de cliënt ({PHASE_LABELS[link?.phase ?? ''] ?? ''})</DialogTitle>
        <DialogContent>
          <Box
            sx={{ width: 240, height: 240, mx: 'auto' }}
            role="img"
            aria-label="QR-code van de link"
            dangerouslySetInnerHTML={{ __html: link?.qrSvg ?? '' }}
          />
          <Typography sx={{ wordBreak: 'break-all', mt: 1 }} data-testid="client-url">
            {link?.url}
          </Typography>
          <Typography variant="body2" sx={{ mt: 1 }}>
            Geldig tot {dateTime(link?.expiresAt)}. Deze link ziet u maar één keer: print hem of geef hem nu door.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => window.print()}>Afdrukken</Button>
          <Button onClick={() => navigator.clipboard?.writeText(link?.url ?? '')}>Link kopiëren</Button>
          <Button variant="contained" onClick={() => setLink(null)}>
            Sluiten
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

/** A participant's timeline (GET /participants/{gemeente}/{ref}): the parts shown here. */
interface ParticipantRecord extends RaRecord {
  participantRef: string;
  gemeente: string;
  klantprofiel?: string | null;
  klantprofielHistory?: KlantprofielEntry[];
  segment?: string | null;
  enrolments?: { enrolledOn: string; experiment: string; arm: string; klantprofiel?: string | null }[];
  events?: TimelineEvent[];
  deliveries?: Delivery[];
  deliveryKinds?: DeliveryKind[];
  beleving?: ({
    id: string;
    measuredOn: string;
    source: string;
    phase: string;
    rapportcijfer?: number | null;
    emotie?: string | null;
  } & Partial<Record<BelevingItem, number | null>>)[];
}
interface TimelineItem {
  on: string;
  kind: string;
  key: string;
  text: string;
  old?: boolean;
  /** A current milestone: its date can be corrected. */
  event?: TimelineEvent;
  /** A current delivery: it can be withdrawn. */
  delivery?: Delivery;
  /** What an old (struck-through) row says, when not a corrected date. */
  oldNote?: string;
}

function Timeline() {
  const r = useRecordContext<ParticipantRecord>();
  const { permissions: role } = usePermissions();
  if (!r) return null;
  const items: TimelineItem[] = [
    ...(r.enrolments ?? []).map((e) => ({
      on: e.enrolledOn,
      kind: 'Inschrijving',
      text: `${e.experiment}: groep ${e.arm} · klantprofiel bij inschrijving: ${profileLabel(e.klantprofiel)}`,
      key: `n-${e.experiment}`,
    })),
    ...(r.klantprofielHistory ?? []).map((h) => ({
      on: h.validFrom,
      kind: 'Klantprofiel',
      key: `k-${h.id}`,
      text: `Vanaf deze datum: ${profileLabel(h.klantprofiel)}`,
    })),
    ...(r.events ?? []).map((e) => ({
      on: e.occurredOn,
      kind: 'Mijlpaal',
      key: `e-${e.id}`,
      old: !e.current,
      event: e.current ? e : undefined,
      text: `${METRIC_LABELS[e.milestone] ?? e.milestone}${e.reason ? ` — reden: ${REASON_LABELS[e.reason] ?? e.reason}` : ''}${e.correctionReason ? ` (datum verbeterd: ${e.correctionReason})` : ''}`,
    })),
    // fidelity (issue 14): a corrected or withdrawn delivery stays visible, struck through
    ...(r.deliveries ?? [])
      .filter((d) => !d.retracted)
      .map((d) => {
        const withdrawn = (r.deliveries ?? []).find((x) => x.retracted && x.supersedes === d.id);
        return {
          on: d.deliveredOn,
          kind: 'Levering',
          key: `d-${d.id}`,
          old: !d.current,
          delivery: d.current ? d : undefined,
          oldNote: withdrawn ? ` (niet gebeurd: ${withdrawn.correctionReason ?? ''})` : undefined,
          text: deliveryText(d),
        };
      }),
    ...(r.beleving ?? []).map((b) => ({
      on: b.measuredOn,
      kind: b.source === 'client' ? 'Klantbeleving (door cliënt)' : 'Klantbeleving',
      key: `b-${b.id}`,
      text: `${PHASE_LABELS[b.phase] ?? b.phase}: ${[b.rapportcijfer ? `cijfer ${b.rapportcijfer}` : null, ...BELEVING_ITEMS.filter((i) => b[i]).map((i) => `${ITEM_LABELS[i].toLowerCase()} ${b[i]}`), b.emotie ? `emotie ${EMOTION_LABELS[b.emotie]?.toLowerCase()}` : null].filter(Boolean).join(', ')}`,
    })),
  ].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const write = can(role, 'participants.write');
  return (
    <Box sx={{ p: 2 }}>
      <Typography component="h1" variant="h4">
        Deelnemer {r.participantRef}
      </Typography>
      <Typography>
        Gemeente {r.gemeente}
        {r.klantprofiel ? ` · klantprofiel nu: ${profileLabel(r.klantprofiel)}` : ''}
        {r.segment ? ` · segment ${r.segment}` : ''}
      </Typography>
      <Grid container spacing={3} sx={{ mt: 1 }}>
        <Grid size={{ xs: 12, md: write ? 7 : 12 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography component="h2" variant="h6">
                Tijdlijn
              </Typography>
              <Table size="small" aria-label="Tijdlijn van de deelnemer, op datum" data-testid="timeline">
                <TableHead>
                  <TableRow>
                    <TableCell>Datum</TableCell>
                    <TableCell>Soort</TableCell>
                    <TableCell>Wat</TableCell>
                    {write && <TableCell>Actie</TableCell>}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {items.map((i) => (
                    <TableRow
                      key={i.key}
                      sx={i.old ? { '& td': { color: '#555', textDecoration: 'line-through' } } : undefined}
                    >
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{shortDate(i.on)}</TableCell>
                      <TableCell>
                        <Chip size="small" label={i.kind} variant="outlined" />
                      </TableCell>
                      <TableCell>
                        {i.text}
                        {i.old ? (i.oldNote ?? ' (oude datum, verbeterd)') : ''}
                      </TableCell>
                      {write && (
                        <TableCell>
                          {i.event && <CorrectDate gemeente={r.gemeente} ref_={r.participantRef} event={i.event} />}
                          {i.delivery && (
                            <RetractDelivery gemeente={r.gemeente} ref_={r.participantRef} delivery={i.delivery} />
                          )}
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                  {!items.length && (
                    <TableRow>
                      <TableCell colSpan={write ? 4 : 3}>Nog niets vastgelegd.</TableCell>
                    </TableRow>
                  )}
                </TableBody>
              </Table>
              <CorrectionHistory events={r.events ?? []} />
              <KlantprofielHistory history={r.klantprofielHistory ?? []} enrolments={r.enrolments ?? []} />
            </CardContent>
          </Card>
        </Grid>
        {write && (
          <Grid size={{ xs: 12, md: 5 }}>
            <Card variant="outlined" sx={{ mb: 2 }}>
              <CardContent>
                <MilestoneForm gemeente={r.gemeente} ref_={r.participantRef} />
              </CardContent>
            </Card>
            <Card variant="outlined" sx={{ mb: 2 }}>
              <CardContent>
                <KlantprofielForm gemeente={r.gemeente} ref_={r.participantRef} />
              </CardContent>
            </Card>
            <Card variant="outlined" sx={{ mb: 2 }}>
              <CardContent>
                <DeliveryForm gemeente={r.gemeente} ref_={r.participantRef} kinds={r.deliveryKinds ?? []} />
              </CardContent>
            </Card>
            <Card variant="outlined" sx={{ mb: 2 }}>
              <CardContent>
                <ScoreForm gemeente={r.gemeente} ref_={r.participantRef} />
              </CardContent>
            </Card>
            <Card variant="outlined">
              <CardContent>
                <ClientLink gemeente={r.gemeente} ref_={r.participantRef} />
              </CardContent>
            </Card>
          </Grid>
        )}
      </Grid>
    </Box>
  );
}

const ParticipantShow = () => (
  <Show title="Deelnemer" actions={false}>
    <Timeline />
  </Show>
);

export default { show: ParticipantShow, icon: TimelineIcon };
export type { RaRecord };
