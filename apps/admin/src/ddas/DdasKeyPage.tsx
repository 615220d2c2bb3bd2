import KeyIcon from '@mui/icons-material/Key';
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
  TextField,
  Typography,
} from '@mui/material';
import { createKey, type DdasKeyFile } from '@living-lab/ddas';
import { useCallback, useEffect, useState } from 'react';
import { Title } from 'react-admin';
import { caught, session } from '../http';
import { shortDate } from '../format';
import { ddasApi, type GemeenteDdas } from './api';
import { ddasKey, downloadText, useDdasKey } from './keyStore';

/** Which gemeente the page is about: a gemeente user's own, or the one a beheerder chooses. */
export function useDdasGemeente(): [string, (code: string) => void, GemeenteDdas[] | null] {
  const own = session.gemeente;
  const loaded = useDdasKey();
  const [choice, setChoice] = useState<string>(own ?? loaded?.gemeente ?? '');
  const [all, setAll] = useState<GemeenteDdas[] | null>(own ? [] : null);
  useEffect(() => {
    if (!own)
      ddasApi
        .gemeenten()
        .then(setAll)
        .catch(() => setAll([]));
  }, [own]);
  return [own ?? choice, setChoice, all];
}

export function GemeenteChoice({
  value,
  onChange,
  options,
}: {
  value: string;
  onChange: (v: string) => void;
  options: GemeenteDdas[] | null;
}) {
  if (session.gemeente) return null;
  return (
    <TextField
      select
      id="ddas-gemeente"
      label="Gemeente"
      value={options?.some((g) => g.code === value) ? value : ''}
      onChange={(e) => onChange(e.target.value)}
      sx={{ minWidth: 280, mt: 1, mb: 1 }}
    >
      {(options ?? []).map((g) => (
        <MenuItem key={g.code} value={g.code}>
          {g.naam}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Whether the key loaded in this tab is the one the gemeente registered: a sentence and its severity. */
export function KeyStatus({ gemeente, registered }: { gemeente: GemeenteDdas | null; registered?: string | null }) {
  const loaded = useDdasKey();
  if (!loaded)
    return (
      <Alert severity="info" data-testid="ddas-key-status">
        Er is in deze browser nog geen DDAS-sleutel geopend.
      </Alert>
    );
  if (gemeente && loaded.gemeente !== gemeente.code)
    return (
      <Alert severity="warning" data-testid="ddas-key-status">
        De geopende sleutel is van een andere gemeente ({loaded.gemeente}).
      </Alert>
    );
  if (!registered)
    return (
      <Alert severity="warning" data-testid="ddas-key-status">
        Sleutel geopend (vingerafdruk {loaded.fingerprint}), maar uw gemeente heeft nog geen sleutel vastgelegd bij het
        lab.
      </Alert>
    );
  if (registered === loaded.fingerprint)
    return (
      <Alert severity="success" data-testid="ddas-key-status">
        De geopende sleutel is de sleutel van uw gemeente (vingerafdruk {loaded.fingerprint}).
      </Alert>
    );
  return (
    <Alert severity="error" data-testid="ddas-key-status">
      Let op: de geopende sleutel is een andere sleutel dan uw gemeente heeft vastgelegd. Codes die u hiermee maakt,
      passen niet bij de codes van eerder. Open het juiste sleutelbestand.
    </Alert>
  );
}

const keyFileName = (k: DdasKeyFile, gemeente: string) => `ddas-sleutel-${gemeente}-${k.aangemaakt.slice(0, 10)}.json`;

/**
 * The gemeente's DDAS key: make one in the browser and download it, register only its fingerprint
 * with the lab, or open an existing key file for this tab. The key itself is never sent.
 */
export function DdasKeyPage() {
  const [code, setCode, options] = useDdasGemeente();
  const loaded = useDdasKey();
  const [gemeente, setGemeente] = useState<GemeenteDdas | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fresh, setFresh] = useState<DdasKeyFile | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const [stored, setStored] = useState(false);

  const reload = useCallback(() => {
    if (!code) return setGemeente(null);
    ddasApi
      .gemeente(code)
      .then(setGemeente)
      .catch((e) => setError(caught(e).message ?? 'De gegevens van de gemeente konden niet worden gelezen.'));
  }, [code]);
  useEffect(() => {
    setGemeente(null);
    reload();
  }, [reload]);

  const registered = gemeente?.ddasKeyFingerprint ?? null;

  const openFile = async (file: File | undefined) => {
    setError(null);
    setInfo(null);
    if (!file || !code) return;
    try {
      const k = await ddasKey.loadFile(file, code);
      setInfo(`Sleutelbestand geopend. Vingerafdruk: ${k.fingerprint}.`);
    } catch (e) {
      setError(caught(e).message ?? 'Dit bestand kon niet als sleutel worden gelezen.');
    }
  };

  const make = async () => {
    setError(null);
    setInfo(null);
    setBusy(true);
    try {
      const k = await createKey(gemeente?.cbsCode ?? undefined);
      setFresh(k);
      setDownloaded(false);
      setStored(false);
    } catch (e) {
      setError(caught(e).message ?? 'Het maken van een sleutel lukte niet.');
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    if (!fresh) return;
    downloadText(`${JSON.stringify(fresh, null, 2)}\n`, keyFileName(fresh, code));
    setDownloaded(true);
  };

  const register = async () => {
    if (!fresh || !code) return;
    setError(null);
    setBusy(true);
    try {
      const k = await ddasKey.load(fresh, code);
      await ddasApi.registerFingerprint(code, k.fingerprint);
      setInfo(
        'De vingerafdruk van de nieuwe sleutel is vastgelegd bij het lab. De sleutel is geopend in deze browser.',
      );
      setFresh(null);
      reload();
    } catch (e) {
      setError(caught(e).message ?? 'Vastleggen lukte niet.');
    } finally {
      setBusy(false);
    }
  };

  const registerLoaded = async () => {
    if (!loaded || !code) return;
    setError(null);
    setBusy(true);
    try {
      await ddasApi.registerFingerprint(code, loaded.fingerprint);
      setInfo('De vingerafdruk van de geopende sleutel is vastgelegd bij het lab.');
      reload();
    } catch (e) {
      setError(caught(e).message ?? 'Vastleggen lukte niet.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ mt: 2, maxWidth: 880 }}>
      <Title title="DDAS-sleutel" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5" gutterBottom>
            DDAS-sleutel van uw gemeente
          </Typography>
          <Typography sx={{ mb: 2 }}>
            Met deze sleutel maakt uw computer van een BSN een vaste code voor de deelnemer, bijvoorbeeld{' '}
            <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
              D-ABCDEFGHJKLMNPQR
            </Box>
            . Het lab krijgt alleen die code. Het BSN, de naam en het adres blijven op uw computer.
          </Typography>
          <Typography sx={{ mb: 2 }}>
            Dezelfde sleutel geeft altijd dezelfde code. Gebruik daarom elk jaar dezelfde sleutel. Zonder de sleutel
            passen nieuwe codes niet bij de codes van eerder, en kan niemand het terugzoeken, ook het lab niet.
          </Typography>
          <GemeenteChoice value={code} onChange={setCode} options={options} />
          {code && !gemeente && !error && <LinearProgress aria-label="Laden" />}
          {gemeente && (
            <Typography data-testid="ddas-registered">
              {registered ? (
                <>
                  Vastgelegd bij het lab voor {gemeente.naam}: vingerafdruk <strong>{registered}</strong>. Het lab kent
                  alleen deze vingerafdruk, niet de sleutel.
                </>
              ) : (
                <>{gemeente.naam} heeft nog geen sleutel vastgelegd bij het lab.</>
              )}
            </Typography>
          )}
        </CardContent>
      </Card>

      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      {info && (
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {info}
        </Alert>
      )}

      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h2" variant="h6" gutterBottom>
            Sleutel openen in deze browser
          </Typography>
          <Typography sx={{ mb: 2 }}>
            Open het sleutelbestand om een DDAS-bestand om te zetten of een deelnemer met een BSN in te schrijven. De
            sleutel blijft alleen in dit tabblad van uw browser. Hij wordt nooit naar het lab gestuurd. Sluit u het
            tabblad of logt u uit, dan is hij weer weg.
          </Typography>
          <KeyStatus gemeente={gemeente} registered={registered} />
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 2 }}>
            <Button component="label" variant="contained" disabled={!code}>
              Sleutelbestand openen
              <input
                type="file"
                hidden
                accept=".json,application/json"
                data-testid="ddas-key-file"
                onChange={(e) => {
                  void openFile(e.target.files?.[0]);
                  e.target.value = '';
                }}
              />
            </Button>
            {loaded && (
              <Button variant="outlined" onClick={() => ddasKey.forget()}>
                Sleutel sluiten
              </Button>
            )}
            {loaded && gemeente && !registered && loaded.gemeente === gemeente.code && (
              <Button variant="outlined" onClick={registerLoaded} disabled={busy}>
                Vingerafdruk van deze sleutel vastleggen
              </Button>
            )}
          </Box>
        </CardContent>
      </Card>

      <Card>
        <CardContent>
          <Typography component="h2" variant="h6" gutterBottom>
            Nieuwe sleutel maken
          </Typography>
          {registered ? (
            <Alert severity="warning" sx={{ mb: 2 }}>
              Uw gemeente heeft al een sleutel. Maak alleen een nieuwe sleutel als de oude echt kwijt is. Met een nieuwe
              sleutel krijgt dezelfde persoon een andere code, en passen nieuwe gegevens niet bij de oude.
            </Alert>
          ) : (
            <Typography sx={{ mb: 2 }}>
              Heeft uw gemeente nog geen sleutel? Maak er dan hier één. Dat gebeurt op uw computer.
            </Typography>
          )}
          {!fresh ? (
            <Button variant={registered ? 'outlined' : 'contained'} onClick={make} disabled={!code || busy}>
              Nieuwe sleutel maken
            </Button>
          ) : (
            <Box data-testid="ddas-new-key">
              <Typography sx={{ mb: 2 }}>
                Nieuwe sleutel gemaakt op {shortDate(fresh.aangemaakt)}, vingerafdruk{' '}
                <strong>{fresh.vingerafdruk}</strong>.
              </Typography>
              <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 'bold' }}>
                Stap 1: bewaar het sleutelbestand goed
              </Typography>
              <Box component="ul" sx={{ mt: 0 }}>
                <li>Bewaar het bestand op een veilige plek, bijvoorbeeld de beveiligde schijf van uw team.</li>
                <li>Maak een reservekopie. Zonder de sleutel passen de codes van volgend jaar niet meer.</li>
                <li>Geef het bestand niet aan het lab en niet aan anderen: wie de sleutel heeft, kan codes maken.</li>
              </Box>
              <Button variant="contained" onClick={download} sx={{ mb: 1 }}>
                Sleutelbestand downloaden
              </Button>
              <Box>
                <FormControlLabel
                  control={<Checkbox checked={stored} onChange={(e) => setStored(e.target.checked)} />}
                  label="Ik heb het sleutelbestand veilig bewaard"
                  disabled={!downloaded}
                />
              </Box>
              <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 'bold', mt: 1 }}>
                Stap 2: leg de vingerafdruk vast bij het lab
              </Typography>
              <Typography sx={{ mb: 2 }}>
                Het lab krijgt alleen de vingerafdruk. Daarmee ziet het lab later of een bestand met dezelfde sleutel is
                gemaakt. Met de vingerafdruk kan niemand codes maken of terugrekenen.
              </Typography>
              <Box sx={{ display: 'flex', gap: 1 }}>
                <Button variant="contained" onClick={register} disabled={!downloaded || !stored || busy}>
                  Vingerafdruk vastleggen
                </Button>
                <Button onClick={() => setFresh(null)}>Annuleren</Button>
              </Box>
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}

export const DdasKeyIcon = KeyIcon;
