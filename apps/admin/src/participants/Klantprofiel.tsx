/**
 * Klantprofiel over time on the participant's timeline (issue 14, item 9): the history of the
 * profile with the date each one holds from, the profile at each enrolment (the one the results
 * use), and a form to record a change with its date. A change adds a line; nothing is overwritten.
 */
import {
  Alert,
  Box,
  Button,
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
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import { toDutchDate as dutchDate } from '@living-lab/dates';
import { KLANTPROFIEL_LABELS, KLANTPROFIEL_SOURCE_LABELS, labelOf } from '@living-lab/labels';
import { caught, fieldErrors } from '../http';
import { dateTime, KLANTPROFIEL_CHOICES, todayIso } from '../format';
import { DutchDateField } from '../inputs/DutchDateInput';

/** One entry of GET /participants/{gemeente}/{ref} → klantprofielHistory. */
export interface KlantprofielEntry {
  id: string;
  klantprofiel: string;
  validFrom: string;
  source: string;
  recordedAt: string;
  recordedBy: string | null;
}

export const profileLabel = (k: string | null | undefined) => (k ? labelOf(KLANTPROFIEL_LABELS, k) : 'onbekend');

/** The history, oldest first, and per enrolment the profile on its date. */
export function KlantprofielHistory({
  history,
  enrolments,
}: {
  history: KlantprofielEntry[];
  enrolments: { experiment: string; enrolledOn: string; klantprofiel?: string | null }[];
}) {
  return (
    <Box data-testid="klantprofiel-history">
      <Typography id="klantprofiel-kop" component="h2" variant="h6" sx={{ mt: 3 }}>
        Klantprofiel door de tijd
      </Typography>
      {history.length ? (
        <Table size="small" aria-labelledby="klantprofiel-kop">
          <TableHead>
            <TableRow>
              <TableCell>Geldt vanaf</TableCell>
              <TableCell>Klantprofiel</TableCell>
              <TableCell>Bron</TableCell>
              <TableCell>Door wie en wanneer</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.map((h) => (
              <TableRow key={h.id}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{dutchDate(h.validFrom)}</TableCell>
                <TableCell>{profileLabel(h.klantprofiel)}</TableCell>
                <TableCell>{labelOf(KLANTPROFIEL_SOURCE_LABELS, h.source)}</TableCell>
                <TableCell>
                  {h.recordedBy ?? 'onbekend'}, {dateTime(h.recordedAt)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography variant="body2">Er is nog geen klantprofiel vastgelegd.</Typography>
      )}
      {enrolments.length > 0 && (
        <Box component="ul" sx={{ pl: 2, mt: 1 }} data-testid="klantprofiel-at-enrolment">
          {enrolments.map((n) => (
            <Typography component="li" variant="body2" key={n.experiment}>
              Bij inschrijving in {n.experiment} ({dutchDate(n.enrolledOn)}):{' '}
              <strong>{profileLabel(n.klantprofiel)}</strong>. Dit profiel telt in de resultaten, ook als het later
              verandert.
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}

/** Record a (new) klantprofiel with the date it holds from. */
export function KlantprofielForm({ gemeente, ref_ }: { gemeente: string; ref_: string }) {
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [klantprofiel, setKlantprofiel] = useState('');
  const [validFrom, setValidFrom] = useState(todayIso());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      await dp.addKlantprofiel(gemeente, ref_, { klantprofiel, validFrom });
      notify('Het klantprofiel is vastgelegd.', { type: 'success' });
      setKlantprofiel('');
      refresh();
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setMessage(Object.keys(byField).length ? null : (caught(err).message ?? 'Vastleggen lukte niet.'));
    }
  };
  return (
    <Box component="form" noValidate onSubmit={submit} aria-labelledby="profiel-kop" data-testid="klantprofiel-form">
      <Typography id="profiel-kop" component="h2" variant="h6">
        Klantprofiel veranderen
      </Typography>
      <Typography variant="body2">
        Het oude profiel blijft bewaard. Kies de datum waarop het nieuwe profiel ingaat.
      </Typography>
      <TextField
        select
        id="klantprofiel"
        label="Klantprofiel"
        value={klantprofiel}
        onChange={(e) => setKlantprofiel(e.target.value)}
        fullWidth
        margin="dense"
        required
        error={!!errors.klantprofiel}
        helperText={errors.klantprofiel}
      >
        {KLANTPROFIEL_CHOICES.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      <DutchDateField
        id="klantprofiel-datum"
        label="Geldt vanaf"
        value={validFrom}
        onChange={setValidFrom}
        fullWidth
        margin="dense"
        required
        error={!!errors.validFrom}
        helperText={
          errors.validFrom ?? 'Vandaag of eerder. Gold dit profiel al bij de inschrijving? Kies dan die datum.'
        }
      />
      {message && (
        <Alert severity="error" role="alert" sx={{ my: 1 }}>
          {message}
        </Alert>
      )}
      <Button type="submit" variant="contained" disabled={!klantprofiel}>
        Klantprofiel opslaan
      </Button>
    </Box>
  );
}
