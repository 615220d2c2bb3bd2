import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState, type FormEvent } from 'react';
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import { parseDate, toDutchDate as dutchDate } from '@living-lab/dates';
import { DATE_HINT, DATE_INVALID } from '../inputs/DutchDateInput';
import { caught, fieldErrors } from '../http';
import { dateTime, METRIC_LABELS, todayIso } from '../format';

/** A milestone on the timeline as GET /participants/{gemeente}/{ref} returns it. */
export interface TimelineEvent {
  id: string;
  milestone: string;
  occurredOn: string;
  current: boolean;
  reason?: string | null;
  supersedes?: string | null;
  correctionReason?: string | null;
  recordedAt?: string;
  recordedBy?: string | null;
}

const label = (m: string) => METRIC_LABELS[m] ?? m;

/**
 * "Datum verbeteren": a new date for a milestone, with the reason. Sent as a correction of the
 * stored milestone (the API keeps the old one as history); the words on screen say what happens.
 */
export function CorrectDate({ gemeente, ref_, event }: { gemeente: string; ref_: string; event: TimelineEvent }) {
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(dutchDate(event.occurredOn));
  const [why, setWhy] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const close = () => {
    setOpen(false);
    setErrors({});
    setMessage(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const problems: Record<string, string> = {};
    const occurredOn = parseDate(text);
    if (!text.trim()) problems.occurredOn = 'Vul de juiste datum in.';
    else if (!occurredOn) problems.occurredOn = DATE_INVALID;
    else if (occurredOn === event.occurredOn) problems.occurredOn = 'Kies een andere datum dan de huidige.';
    else if (occurredOn > todayIso()) problems.occurredOn = 'De datum mag niet in de toekomst liggen.';
    if (!why.trim()) problems.correctionReason = 'Schrijf kort op waarom de datum niet klopte.';
    setErrors(problems);
    if (Object.keys(problems).length) return;
    try {
      await dp.addEvent(gemeente, ref_, {
        milestone: event.milestone,
        occurredOn: occurredOn!,
        ...(event.reason ? { reason: event.reason } : {}),
        supersedes: event.id,
        correctionReason: why.trim(),
      });
      notify(`De datum van ${label(event.milestone).toLowerCase()} is verbeterd.`, { type: 'success' });
      close();
      setWhy('');
      refresh();
    } catch (err) {
      const { message: text, body } = caught(err);
      if (body?.code === 'participant.already_corrected') {
        setMessage('Iemand anders heeft deze datum net al verbeterd. Sluit dit venster en bekijk de tijdlijn opnieuw.');
        return;
      }
      setErrors(fieldErrors(err));
      setMessage(text ?? 'Opslaan lukte niet.');
    }
  };
  const titleId = `verbeter-titel-${event.id}`;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} aria-label={`Datum verbeteren: ${label(event.milestone)}`}>
        Datum verbeteren
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby={titleId}>
        <form noValidate onSubmit={submit} data-testid="correct-date-form">
          <DialogTitle id={titleId}>Datum verbeteren: {label(event.milestone)}</DialogTitle>
          <DialogContent>
            <DialogContentText>
              Nu vastgelegd op <strong>{dutchDate(event.occurredOn)}</strong>. De oude datum blijft zichtbaar in de
              geschiedenis, met uw naam en uw reden.
            </DialogContentText>
            <TextField
              id={`verbeter-datum-${event.id}`}
              label="Juiste datum"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setErrors(({ occurredOn: _, ...rest }) => rest);
              }}
              fullWidth
              margin="normal"
              required
              placeholder={DATE_HINT}
              slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
              error={!!errors.occurredOn}
              helperText={errors.occurredOn ?? DATE_HINT}
            />
            <TextField
              id={`verbeter-reden-${event.id}`}
              label="Waarom klopte de datum niet?"
              value={why}
              onChange={(e) => {
                setWhy(e.target.value);
                setErrors(({ correctionReason: _, ...rest }) => rest);
              }}
              fullWidth
              margin="normal"
              required
              multiline
              minRows={2}
              slotProps={{ htmlInput: { maxLength: 500 } }}
              error={!!errors.correctionReason}
              helperText={
                errors.correctionReason ?? 'Bijvoorbeeld: typefout, of de datum van de brief in plaats van het gesprek.'
              }
            />
            {message && (
              <Alert severity="error" role="alert" sx={{ mt: 1 }}>
                {message}
              </Alert>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={close}>Annuleren</Button>
            <Button type="submit" variant="contained">
              Datum opslaan
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}

/** Every date correction of a participant: old date, new date, who, when and why. */
export function CorrectionHistory({ events }: { events: TimelineEvent[] }) {
  const byId = new Map(events.map((e) => [e.id, e]));
  const corrections = events
    .filter((e) => e.supersedes && byId.has(e.supersedes))
    .sort((a, b) => ((a.recordedAt ?? '') < (b.recordedAt ?? '') ? 1 : -1));
  if (!corrections.length) return null;
  return (
    <>
      <Typography id="verbeteringen-kop" component="h2" variant="h6" sx={{ mt: 3 }}>
        Verbeterde datums
      </Typography>
      <Table size="small" aria-labelledby="verbeteringen-kop" data-testid="corrections">
        <TableHead>
          <TableRow>
            <TableCell>Mijlpaal</TableCell>
            <TableCell>Datum (oud → nieuw)</TableCell>
            <TableCell>Door wie en wanneer</TableCell>
            <TableCell>Waarom</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {corrections.map((c) => (
            <TableRow key={c.id}>
              <TableCell>{label(c.milestone)}</TableCell>
              <TableCell>
                <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
                  {dutchDate(byId.get(c.supersedes!)!.occurredOn)}
                </Box>{' '}
                →{' '}
                <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
                  {dutchDate(c.occurredOn)}
                </Box>
              </TableCell>
              <TableCell>
                {c.recordedBy ?? 'onbekend'}, {dateTime(c.recordedAt)}
              </TableCell>
              <TableCell>{c.correctionReason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
