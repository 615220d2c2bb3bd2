import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useId, useState } from 'react';
import { useNotify } from 'react-admin';
import {
  CONTEXT_DEFINITIONS,
  CONTEXT_FIRST_YEAR,
  UITBESTEDING_LABELS,
  UITBESTEDING_ONDERDELEN,
  WERKWIJZE_LABELS,
  WERKWIJZEN,
  type GemeenteContext,
  type UitbestedingOnderdeel,
  type Werkwijze,
} from '@living-lab/gemeente-context';
import { api, caught, fieldErrors } from '../http';
import { dateTime, todayIso } from '../format';

/** What the form holds: the caseload as typed (a decimal comma is fine). */
interface Draft {
  werkwijze: Werkwijze | '';
  regisseur: 'ja' | 'nee' | '';
  uitbesteed: UitbestedingOnderdeel[];
  caseload: string;
}

/** A caseload the Dutch way, exactly as stored (at most two decimals): 42.5 → "42,5". */
const caseloadText = (v: number) => String(v).replace('.', ',');

const EMPTY: Draft = { werkwijze: '', regisseur: '', uitbesteed: [], caseload: '' };

const toDraft = (c: GemeenteContext | undefined): Draft =>
  c
    ? {
        werkwijze: c.werkwijze,
        regisseur: c.regisseur ? 'ja' : 'nee',
        uitbesteed: [...c.uitbesteed],
        caseload: c.caseloadPerFte === null ? '' : caseloadText(c.caseloadPerFte),
      }
    : EMPTY;

/** "42,5", "42.5" or "50" → 42.5 / 50; '' → null (onbekend); anything else → undefined. */
export function parseCaseload(s: string): number | null | undefined {
  const t = s.trim();
  if (t === '') return null;
  if (!/^[0-9]{1,4}([.,][0-9]{1,2})?$/.test(t)) return undefined;
  return Number(t.replace(',', '.'));
}

const uitbesteedText = (xs: readonly string[]) =>
  xs.length ? xs.map((x) => UITBESTEDING_LABELS[x as UitbestedingOnderdeel] ?? x).join(', ') : 'niets';

/**
 * The gemeente's way of working per year (issue 14, item 8): a table of the recorded years and, for
 * the gemeente itself and a beheerder, a form per year. Plain Dutch (B1); every field has a visible
 * label and its error text is tied to it.
 */
export function GemeenteContextPanel({ code, canWrite }: { code: string; canWrite: boolean }) {
  const notify = useNotify();
  const thisYear = Number(todayIso().slice(0, 4));
  const [years, setYears] = useState<GemeenteContext[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [year, setYear] = useState(thisYear);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { werkwijze: useId(), regisseur: useId(), uitbesteed: useId(), caseload: useId() };

  const load = useCallback(() => {
    api<GemeenteContext[]>(`/gemeenten/${encodeURIComponent(code)}/context`)
      .then((r) => setYears(r.json))
      .catch((e) => setLoadError(caught(e).message ?? 'De werkwijze kon niet worden geladen.'));
  }, [code]);
  useEffect(load, [load]);
  useEffect(() => {
    setDraft(toDraft(years?.find((c) => c.year === year)));
    setErrors({});
    setFormError(null);
  }, [years, year]);

  const choosableYears = [
    ...new Set([...Array.from({ length: 6 }, (_, i) => thisYear - i), ...(years ?? []).map((c) => c.year)]),
  ]
    .filter((y) => y >= CONTEXT_FIRST_YEAR && y <= thisYear)
    .sort((a, b) => b - a);

  const save = async () => {
    const problems: Record<string, string> = {};
    if (!draft.werkwijze) problems.werkwijze = 'Kies de werkwijze: procesgericht of maatwerk.';
    if (!draft.regisseur) problems.regisseur = 'Kies ja of nee.';
    const caseload = parseCaseload(draft.caseload);
    if (caseload === undefined || (caseload !== null && (caseload <= 0 || caseload > 1000)))
      problems.caseloadPerFte =
        'Vul een getal in groter dan 0 en hoogstens 1000, bijvoorbeeld 50 of 42,5. Weet u het niet? Laat het dan leeg.';
    setErrors(problems);
    setFormError(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await api(`/gemeenten/${encodeURIComponent(code)}/context/${year}`, {
        method: 'PUT',
        body: JSON.stringify({
          werkwijze: draft.werkwijze,
          regisseur: draft.regisseur === 'ja',
          uitbesteed: draft.uitbesteed,
          caseloadPerFte: caseload,
        }),
      });
      notify(`De werkwijze voor ${year} is opgeslagen.`, { type: 'success' });
      load();
    } catch (e) {
      const { message } = caught(e);
      const byField = fieldErrors(e);
      setErrors(byField);
      setFormError(
        byField.year ??
          (Object.keys(byField).length
            ? 'Niet opgeslagen. Kijk bij de rode teksten.'
            : (message ?? 'Opslaan lukte niet.')),
      );
    } finally {
      setBusy(false);
    }
  };

  const toggle = (o: UitbestedingOnderdeel, on: boolean) =>
    setDraft((d) => ({
      ...d,
      uitbesteed: UITBESTEDING_ONDERDELEN.filter((x) => (x === o ? on : d.uitbesteed.includes(x))),
    }));

  return (
    <Card sx={{ mt: 2 }} component="section" aria-labelledby="context-h" data-testid="gemeente-context">
      <CardContent>
        <Typography component="h2" variant="h6" id="context-h">
          Werkwijze per jaar
        </Typography>
        <Typography variant="body2" sx={{ mb: 2, maxWidth: '70ch' }}>
          Hoe werkt de gemeente in de stabilisatie? Het lab zet dit naast de cijfers in het kwartaalrapport. Zo ziet u
          verschillen tussen gemeenten. Let op: een verschil is geen bewijs dat de werkwijze het verschil maakt.
        </Typography>
        {loadError && <Alert severity="error">{loadError}</Alert>}
        {years && years.length > 0 && (
          <Box sx={{ overflowX: 'auto', mb: 2 }}>
            <Table size="small" aria-label="Vastgelegde werkwijze per jaar">
              <TableHead>
                <TableRow>
                  <TableCell>Jaar</TableCell>
                  <TableCell>Werkwijze</TableCell>
                  <TableCell>Regisseur</TableCell>
                  <TableCell>Uitbesteed</TableCell>
                  <TableCell align="right">Caseload per fte</TableCell>
                  <TableCell>Vastgelegd</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {years.map((c) => (
                  <TableRow key={c.year}>
                    <TableCell component="th" scope="row">
                      {c.year}
                    </TableCell>
                    <TableCell>{WERKWIJZE_LABELS[c.werkwijze]}</TableCell>
                    <TableCell>{c.regisseur ? 'ja' : 'nee'}</TableCell>
                    <TableCell>{uitbesteedText(c.uitbesteed)}</TableCell>
                    <TableCell align="right">
                      {c.caseloadPerFte === null ? 'onbekend' : caseloadText(c.caseloadPerFte)}
                    </TableCell>
                    <TableCell>
                      {dateTime(c.recordedAt)} door {c.recordedBy === 'system' ? 'het systeem' : c.recordedBy}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
        {years && years.length === 0 && !canWrite && (
          <Typography sx={{ mb: 2 }}>Deze gemeente heeft haar werkwijze nog niet vastgelegd.</Typography>
        )}
        {canWrite && years && (
          <Box
            component="form"
            aria-label={`Werkwijze vastleggen voor ${year}`}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
            sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 640 }}
          >
            <TextField
              select
              id="context-year"
              label="Jaar"
              value={year}
              onChange={(e) => setYear(Number(e.target.value))}
              helperText={
                years.some((c) => c.year === year)
                  ? 'Voor dit jaar is al iets vastgelegd. Opslaan vervangt het.'
                  : 'Voor dit jaar is nog niets vastgelegd.'
              }
              sx={{ maxWidth: 200 }}
            >
              {choosableYears.map((y) => (
                <MenuItem key={y} value={y}>
                  {y}
                </MenuItem>
              ))}
            </TextField>

            <FormControl error={!!errors.werkwijze} required>
              <FormLabel id={ids.werkwijze}>Werkwijze</FormLabel>
              <RadioGroup
                aria-labelledby={ids.werkwijze}
                aria-describedby={errors.werkwijze ? `${ids.werkwijze}-error` : undefined}
                value={draft.werkwijze}
                onChange={(e) => setDraft({ ...draft, werkwijze: e.target.value as Werkwijze })}
              >
                {WERKWIJZEN.map((w) => (
                  <FormControlLabel
                    key={w}
                    value={w}
                    control={<Radio />}
                    label={
                      <span>
                        <strong>{WERKWIJZE_LABELS[w]}</strong>: {CONTEXT_DEFINITIONS[w].text}
                      </span>
                    }
                  />
                ))}
              </RadioGroup>
              <FormHelperText id={`${ids.werkwijze}-error`}>
                {errors.werkwijze ?? 'Mengt u beide? Kies dan wat het meest lijkt op hoe u werkt.'}
              </FormHelperText>
            </FormControl>

            <FormControl error={!!errors.regisseur} required>
              <FormLabel id={ids.regisseur}>Hebben klanten een regisseur?</FormLabel>
              <RadioGroup
                row
                aria-labelledby={ids.regisseur}
                aria-describedby={`${ids.regisseur}-help`}
                value={draft.regisseur}
                onChange={(e) => setDraft({ ...draft, regisseur: e.target.value as 'ja' | 'nee' })}
              >
                <FormControlLabel value="ja" control={<Radio />} label="Ja" />
                <FormControlLabel value="nee" control={<Radio />} label="Nee" />
              </RadioGroup>
              <FormHelperText id={`${ids.regisseur}-help`}>
                {errors.regisseur ?? 'Een regisseur is één vast aanspreekpunt voor de klant. Ook als het een proef is.'}
              </FormHelperText>
            </FormControl>

            <FormControl component="fieldset" error={!!errors.uitbesteed}>
              <FormLabel component="legend" id={ids.uitbesteed}>
                Welke onderdelen doet een partner met een contract?
              </FormLabel>
              <FormGroup aria-describedby={`${ids.uitbesteed}-help`}>
                {UITBESTEDING_ONDERDELEN.map((o) => (
                  <FormControlLabel
                    key={o}
                    control={
                      <Checkbox checked={draft.uitbesteed.includes(o)} onChange={(e) => toggle(o, e.target.checked)} />
                    }
                    label={UITBESTEDING_LABELS[o]}
                  />
                ))}
              </FormGroup>
              <FormHelperText id={`${ids.uitbesteed}-help`} data-testid="uitbesteed-summary">
                {errors.uitbesteed ??
                  (draft.uitbesteed.length
                    ? `Uitbesteed: ${uitbesteedText(draft.uitbesteed)}.`
                    : 'Niets aangevinkt: de gemeente doet alles zelf.')}
              </FormHelperText>
            </FormControl>

            <TextField
              id={ids.caseload}
              label="Caseload per fte (dossiers per medewerker met een volle baan)"
              value={draft.caseload}
              onChange={(e) => setDraft({ ...draft, caseload: e.target.value })}
              error={!!errors.caseloadPerFte}
              helperText={
                errors.caseloadPerFte ??
                'Bijvoorbeeld 50 of 42,5. In de studie was dit ongeveer 50. Weet u het niet? Laat het leeg.'
              }
              slotProps={{ htmlInput: { inputMode: 'decimal', autoComplete: 'off' } }}
              sx={{ maxWidth: 420 }}
            />

            {formError && (
              <Alert severity="error" role="alert">
                {formError}
              </Alert>
            )}
            <Box>
              <Button type="submit" variant="contained" disabled={busy}>
                Opslaan voor {year}
              </Button>
            </Box>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
