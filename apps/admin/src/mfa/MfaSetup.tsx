import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, TextField, Typography } from '@mui/material';
import QRCode from 'qrcode';
import { api, caught } from '../http';

/** The base32 secret from an otpauth URI, in groups of four, for typing it over by hand. */
const secretOf = (uri: string) => (new URL(uri).searchParams.get('secret') ?? '').match(/.{1,4}/g)?.join(' ') ?? '';

/**
 * Setting up sign-in with a code (TOTP, issue 17): a QR code to scan with an authenticator app,
 * a field for the first code, then the ten recovery codes, shown this once. `token`: the limited
 * token from login when the code is required (otherwise the session's own token is used).
 */
export function MfaSetup({ token, onDone }: { token?: string; onDone: () => void }) {
  const [uri, setUri] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headers = token ? { Authorization: `Bearer ${token}` } : undefined;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ otpauthUri: string }>('/auth/mfa/setup', { method: 'POST', headers });
      setUri(res.json.otpauthUri);
      setQr(await QRCode.toDataURL(res.json.otpauthUri, { margin: 2, width: 220 }));
    } catch (e) {
      setError(caught(e).message ?? 'Dit lukte niet. Probeer het opnieuw.');
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ recoveryCodes: string[] }>('/auth/mfa/confirm', {
        method: 'POST',
        headers,
        body: JSON.stringify({ code: code.trim() }),
      });
      setCodes(res.json.recoveryCodes);
      setUri(null);
      setQr(null);
    } catch (err) {
      const { body, message } = caught(err);
      setError(body?.problems?.[0]?.message ?? message ?? 'Dit lukte niet. Probeer het opnieuw.');
    } finally {
      setBusy(false);
    }
  };

  if (codes)
    return (
      <Box>
        <Typography component="h2" variant="h6" gutterBottom>
          Gelukt: inloggen met een code staat aan
        </Typography>
        <Typography sx={{ mb: 1 }}>
          Hieronder staan 10 herstelcodes. Gebruik een herstelcode als u uw telefoon niet bij de hand hebt of kwijt
          bent. Elke code werkt maar één keer.
        </Typography>
        <Alert severity="warning" sx={{ mb: 2 }}>
          U ziet deze codes nu voor het laatst. Schrijf ze op of print ze, en bewaar ze op een veilige plek, niet op uw
          telefoon.
        </Alert>
        <Box
          component="ol"
          aria-label="Herstelcodes"
          sx={{ fontFamily: 'monospace', fontSize: '1.1rem', columns: 2, pl: 4, mb: 2 }}
        >
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </Box>
        <Button variant="contained" onClick={onDone}>
          Ik heb de codes bewaard
        </Button>
      </Box>
    );

  return (
    <Box>
      <Typography sx={{ mb: 2 }}>
        Met een code uit een app op uw telefoon is uw account beter beveiligd. Iemand die uw wachtwoord kent, kan dan
        nog steeds niet inloggen. U hebt een app nodig zoals Microsoft Authenticator, Google Authenticator of FreeOTP.
      </Typography>
      {!uri && (
        <Button variant="contained" onClick={start} disabled={busy}>
          Begin met instellen
        </Button>
      )}
      {uri && (
        <form onSubmit={confirm} noValidate>
          <Typography component="h2" variant="h6" gutterBottom>
            Stap 1: scan de QR-code
          </Typography>
          <Typography sx={{ mb: 1 }}>Open de app op uw telefoon en scan deze QR-code.</Typography>
          {qr && <img src={qr} width={220} height={220} alt="QR-code om te scannen met de app op uw telefoon" />}
          <Typography sx={{ mt: 1, mb: 2 }}>
            Lukt scannen niet? Typ dan deze sleutel over in de app:{' '}
            <Box component="code" sx={{ fontSize: '1rem' }}>
              {secretOf(uri)
                .split(' ')
                .map((group, i) => (
                  // each group of four stays whole; lines break between groups
                  <Box component="span" key={i} sx={{ whiteSpace: 'nowrap', mr: 1 }}>
                    {group}
                  </Box>
                ))}
            </Box>
          </Typography>
          <Typography component="h2" variant="h6" gutterBottom>
            Stap 2: vul de code uit de app in
          </Typography>
          <TextField
            id="mfa-setup-code"
            name="code"
            label="Code van 6 cijfers"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            margin="normal"
          />
          <Box>
            <Button type="submit" variant="contained" disabled={busy} sx={{ mt: 1 }}>
              Code controleren
            </Button>
          </Box>
        </form>
      )}
      {error && (
        <Alert severity="error" role="alert" sx={{ mt: 2 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
}
