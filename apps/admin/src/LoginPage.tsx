import { useEffect, useState, type FormEvent } from 'react';
import { useLogin, useNotify } from 'react-admin';
import { Box, Button, Card, CardContent, TextField, Typography, Alert } from '@mui/material';
import { caught } from './http';
import { OIDC_LOGIN_URL, oidcOffered } from './authProvider';
import { MfaSetup } from './mfa/MfaSetup';

/**
 * A plain login page: two labelled fields, the API's Dutch message when it fails. When the account
 * signs in with a code (issue 17) the API asks for it and a third field appears; when the code is
 * required but not yet set up, the setup (QR code, recovery codes) runs here with the limited token
 * the API gave, and the user then logs in again.
 */
export function LoginPage() {
  const login = useLogin();
  const notify = useNotify();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [setupToken, setSetupToken] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState(false);
  useEffect(() => {
    let live = true;
    void oidcOffered().then((on) => live && setOidc(on));
    return () => {
      live = false;
    };
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setInfo(null);
    try {
      await login({ username, password, ...(askCode && totp.trim() ? { totp: totp.trim() } : {}) });
    } catch (err) {
      const { message, body } = caught(err);
      const m = message ?? 'Inloggen lukte niet.';
      if (body?.code === 'auth.mfa_required' && !askCode) {
        // The password was right; now the code. Not an error yet.
        setAskCode(true);
        setInfo(m);
      } else if (body?.code === 'auth.mfa_setup_required' && typeof body.setupToken === 'string') {
        setSetupToken(body.setupToken);
      } else {
        if (body?.code === 'auth.mfa_code_wrong') setTotp('');
        setError(m);
        notify(m, { type: 'error' });
      }
    } finally {
      setBusy(false);
    }
  };
  const setupDone = () => {
    setSetupToken(null);
    setPassword('');
    setTotp('');
    setAskCode(false);
    setInfo('Klaar. Log nu opnieuw in met uw wachtwoord. Daarna vraagt het systeem om de code uit uw app.');
  };
  if (setupToken)
    return (
      <Box
        component="main"
        sx={{ minHeight: '100vh', display: 'flex', justifyContent: 'center', bgcolor: '#eef2f7', p: 2 }}
      >
        <Card sx={{ maxWidth: 640, width: '100%', alignSelf: 'flex-start', mt: 4 }}>
          <CardContent>
            <Typography component="h1" variant="h5" gutterBottom>
              Inloggen met een code instellen
            </Typography>
            <Alert severity="info" sx={{ mb: 2 }}>
              Voor uw rol is inloggen met een extra code verplicht. Stel dit nu in. Het duurt ongeveer 2 minuten.
            </Alert>
            <MfaSetup token={setupToken} onDone={setupDone} />
          </CardContent>
        </Card>
      </Box>
    );
  return (
    <Box
      component="main"
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        bgcolor: '#eef2f7',
        p: 2,
      }}
    >
      <Card sx={{ maxWidth: 420, width: '100%' }}>
        <CardContent>
          <Typography component="h1" variant="h5" gutterBottom>
            Living Lab Stabilisatie
          </Typography>
          <Typography variant="body1" sx={{ mb: 2 }}>
            Log in met uw gebruikersnaam en wachtwoord.
          </Typography>
          <form onSubmit={submit} noValidate>
            <TextField
              id="username"
              name="username"
              label="Gebruikersnaam"
              autoComplete="username"
              fullWidth
              margin="normal"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoFocus
            />
            <TextField
              id="password"
              name="password"
              label="Wachtwoord"
              type="password"
              autoComplete="current-password"
              fullWidth
              margin="normal"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            {askCode && (
              <TextField
                id="totp"
                name="totp"
                label="Code uit uw app"
                helperText="De code van 6 cijfers. Telefoon kwijt? Vul dan een herstelcode in."
                inputMode="numeric"
                autoComplete="one-time-code"
                fullWidth
                margin="normal"
                required
                value={totp}
                onChange={(e) => setTotp(e.target.value)}
                autoFocus
              />
            )}
            {info && (
              <Alert severity="info" role="status" sx={{ mt: 1 }}>
                {info}
              </Alert>
            )}
            {error && (
              <Alert severity="error" role="alert" sx={{ mt: 1 }}>
                {error}
              </Alert>
            )}
            <Button type="submit" variant="contained" fullWidth size="large" sx={{ mt: 2 }} disabled={busy}>
              Inloggen
            </Button>
          </form>
          {oidc && (
            <Button href={OIDC_LOGIN_URL} variant="outlined" fullWidth size="large" sx={{ mt: 2 }}>
              Inloggen met uw organisatie-account
            </Button>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
