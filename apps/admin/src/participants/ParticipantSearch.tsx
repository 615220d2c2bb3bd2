import { Alert, Box, Button, Card, CardContent, MenuItem, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Title, useGetList } from 'react-admin';
import { Link, useNavigate } from 'react-router-dom';
import { session } from '../http';
import { bsnDigits, participantRefFor, useDdasKey } from '../ddas/keyStore';

/**
 * Open a participant's timeline by gemeente and code. A BSN is accepted when the gemeente's DDAS key
 * is open in this browser: it becomes the participant code here, and only the code goes into the
 * address and to the API. Without the key a BSN is refused, never sent.
 */
export function ParticipantSearch() {
  const navigate = useNavigate();
  const own = session.gemeente;
  const key = useDdasKey();
  const { data: gemeenten } = useGetList('gemeenten', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'naam', order: 'ASC' },
  });
  const [gemeente, setGemeente] = useState(own ?? '');
  const [ref, setRef] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const isBsn = !!bsnDigits(ref);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!gemeente || !ref.trim()) return;
    const r = await participantRefFor(ref, key, gemeente);
    if ('refused' in r) return setProblem(r.refused);
    navigate(`/participants/${encodeURIComponent(`${gemeente}/${r.ref}`)}/show`);
  };
  return (
    <Card sx={{ mt: 2, maxWidth: 640 }}>
      <Title title="Deelnemer zoeken" />
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          Deelnemer zoeken
        </Typography>
        <Typography>
          Open de tijdlijn van een deelnemer met zijn of haar code. Met de DDAS-sleutel van uw gemeente kunt u ook
          zoeken op BSN: deze computer maakt er dan de code van. Het BSN wordt niet verstuurd.
        </Typography>
        <Box component="form" onSubmit={submit}>
          {!own && (
            <TextField
              select
              label="Gemeente"
              value={gemeente}
              onChange={(e) => setGemeente(e.target.value)}
              fullWidth
              margin="normal"
              required
              id="zoek-gemeente"
            >
              {(gemeenten ?? []).map((g) => (
                <MenuItem key={g.code} value={g.code}>
                  {g.naam}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            label="Code van de deelnemer of BSN"
            value={ref}
            onChange={(e) => {
              setRef(e.target.value);
              setProblem(null);
            }}
            fullWidth
            margin="normal"
            required
            id="zoek-code"
            autoComplete="off"
            helperText={
              isBsn
                ? key
                  ? 'Dit is een BSN. Alleen de code die deze computer ervan maakt, wordt gebruikt.'
                  : 'Dit is een BSN. Open eerst de DDAS-sleutel om op BSN te zoeken.'
                : undefined
            }
          />
          {problem && (
            <Alert severity="warning" role="alert" sx={{ mt: 1 }} data-testid="search-problem">
              {problem} <Link to="/ddas-sleutel">Naar de DDAS-sleutel</Link>
            </Alert>
          )}
          <Button type="submit" variant="contained" sx={{ mt: 1 }}>
            Tijdlijn openen
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
}
