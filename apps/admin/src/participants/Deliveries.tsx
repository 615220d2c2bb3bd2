import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import { useState, type FormEvent } from 'react';
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import { caught, fieldErrors } from '../http';
import { DutchDateField } from '../inputs/DutchDateInput';
import { shortDate, todayIso } from '../format';

/** What counts as delivered in an arm of an experiment the participant is enrolled in (timeline `deliveryKinds`). */
export interface DeliveryKind {
  experiment: string;
  arm: string;
  kind: string;
  label: string;
  expected: number;
  /** the participant's own arm */
  ownArm: boolean;
}

/** A recorded delivery (timeline `deliveries`). */
export interface Delivery {
  id: string;
  experiment: string;
  kind: string;
  label: string | null;
  deliveredOn: string;
  current: boolean;
  retracted: boolean;
  otherArm: boolean;
  supersedes: string | null;
  correctionReason: string | null;
}

/** The timeline text of a delivery. */
export const deliveryText = (d: Delivery) =>
  `${d.label ?? d.kind} (${d.experiment})${d.otherArm ? ' — hoort bij een andere groep: telt apart' : ''}${
    d.retracted
      ? ` — ingetrokken: ${d.correctionReason ?? ''}`
      : d.correctionReason
        ? ` (verbeterd: ${d.correctionReason})`
        : ''
  }`;

/**
 * Record that the arm's intervention was delivered (fidelity, issue 14): what (the kinds of the
 * experiments the participant is in, the own group's first) and when. Another group's kind may be
 * chosen: it is stored and counted apart.
 */
export function DeliveryForm({ gemeente, ref_, kinds }: { gemeente: string; ref_: string; kinds: DeliveryKind[] }) {
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const ordered = [...kinds].sort((a, b) => Number(b.ownArm) - Number(a.ownArm));
  const [choice, setChoice] = useState('');
  const [deliveredOn, setDeliveredOn] = useState(todayIso());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const chosen = ordered.find((k) => `${k.experiment}/${k.kind}` === choice);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    if (!chosen) return;
    try {
      await dp.addDelivery(gemeente, ref_, {
        experiment: chosen.experiment,
        kind: chosen.kind,
        deliveredOn,
        source: 'hand',
      });
      notify('De levering is vastgelegd.', { type: 'success' });
      setChoice('');
      refresh();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(caught(err).message ?? 'Vastleggen lukte niet.');
    }
  };
  return (
    <Box component="form" noValidate onSubmit={submit} aria-labelledby="levering-kop" data-testid="delivery-form">
      <Typography id="levering-kop" component="h2" variant="h6">
        Levering vastleggen
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        Wat heeft de deelnemer gekregen van het experiment? Bijvoorbeeld: bon uitgereikt of coachingsgesprek gehouden.
      </Typography>
      {ordered.length === 0 ? (
        <Typography variant="body2">
          Deze deelnemer doet niet mee aan een experiment waarin iets wordt geleverd.
        </Typography>
      ) : (
        <>
          <TextField
            select
            id="levering"
            label="Wat is geleverd"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            fullWidth
            margin="dense"
            required
            error={!!errors.kind || !!errors.experiment}
            helperText={
              errors.kind ??
              errors.experiment ??
              (chosen && !chosen.ownArm
                ? 'Dit hoort bij een andere groep dan die van de deelnemer. Het wordt vastgelegd en telt apart.'
                : chosen
                  ? `Gepland: ${chosen.expected} keer.`
                  : undefined)
            }
          >
            {ordered.map((k) => (
              <MenuItem key={`${k.experiment}/${k.kind}`} value={`${k.experiment}/${k.kind}`}>
                {k.label} — {k.experiment}
                {k.ownArm ? '' : ' (andere groep)'}
              </MenuItem>
            ))}
          </TextField>
          <DutchDateField
            id="levering-datum"
            label="Datum"
            value={deliveredOn}
            onChange={setDeliveredOn}
            fullWidth
            margin="dense"
            required
            error={!!errors.deliveredOn}
            helperText={errors.deliveredOn}
          />
          {message && (
            <Alert severity="error" role="alert" sx={{ my: 1 }}>
              {message}
            </Alert>
          )}
          <Button type="submit" variant="contained" disabled={!chosen}>
            Levering opslaan
          </Button>
        </>
      )}
    </Box>
  );
}

/**
 * "Niet gebeurd": withdraws a recorded delivery, with the reason. Sent as a correction that
 * retracts it (the API keeps the old one as history); it no longer counts in the results.
 */
export function RetractDelivery({ gemeente, ref_, delivery }: { gemeente: string; ref_: string; delivery: Delivery }) {
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [why, setWhy] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const what = `${delivery.label ?? delivery.kind} op ${shortDate(delivery.deliveredOn)}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    if (!why.trim()) {
      setMessage('Schrijf kort op waarom deze levering niet is gebeurd.');
      return;
    }
    try {
      await dp.addDelivery(gemeente, ref_, {
        experiment: delivery.experiment,
        kind: delivery.kind,
        deliveredOn: delivery.deliveredOn,
        supersedes: delivery.id,
        correctionReason: why.trim(),
        retract: true,
        source: 'hand',
      });
      notify('De levering is ingetrokken.', { type: 'success' });
      setOpen(false);
      refresh();
    } catch (err) {
      setMessage(caught(err).message ?? 'Intrekken lukte niet.');
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} aria-label={`Niet gebeurd: ${what}`}>
        Niet gebeurd
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={`intrekken-${delivery.id}`}>
        <Box component="form" noValidate onSubmit={submit} data-testid="retract-delivery-form">
          <DialogTitle id={`intrekken-${delivery.id}`}>Levering intrekken</DialogTitle>
          <DialogContent>
            <DialogContentText>
              {what} is toch niet gebeurd. De registratie blijft bewaard, maar telt niet meer mee.
            </DialogContentText>
            <TextField
              id={`intrekken-reden-${delivery.id}`}
              label="Waarom is het niet gebeurd?"
              value={why}
              onChange={(e) => setWhy(e.target.value)}
              fullWidth
              margin="dense"
              required
              error={!!message}
              helperText={message ?? undefined}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>Annuleren</Button>
            <Button type="submit" variant="contained">
              Intrekken
            </Button>
          </DialogActions>
        </Box>
      </Dialog>
    </>
  );
}
