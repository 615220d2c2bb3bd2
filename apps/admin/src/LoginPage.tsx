import { useState, type FormEvent } from 'react';
import { useLogin, useNotify } from 'react-admin';
import { Box, Button, Card, CardContent, TextField, Typography, Alert } from '@mui/material';

/** A plain login page: two labelled fields, the API's Dutch message when it fails. */
export function LoginPage() {
  const login = useLogin();
  const notify = useNotify();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ username, password });
    } catch (err) {
      const m = err instanceof Error ? err.message : 'Inloggen lukte niet.';
      setError(m);
      notify(m, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
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
            {error && (
              <Alert severity="error" role="alert" sx={{ mt: 1 }}>
                {error}
              </Alert>
            )}
            <Button type="submit" variant="contained" fullWidth size="large" sx={{ mt: 2 }} disabled={busy}>
              Inloggen
            </Button>
          </form>
        </CardContent>
      </Card>
    </Box>
  );
}
