import { Box, Button, Card, CardContent, MenuItem, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Title, useGetList } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { session } from '../http';

/** Open a participant's timeline by gemeente and code. */
export function ParticipantSearch() {
  const navigate = useNavigate();
  const own = session.gemeente;
  const { data: gemeenten } = useGetList('gemeenten', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'naam', order: 'ASC' },
  });
  const [gemeente, setGemeente] = useState(own ?? '');
  const [ref, setRef] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (gemeente && ref.trim()) navigate(`/participants/${encodeURIComponent(`${gemeente}/${ref.trim()}`)}/show`);
  };
  return (
    <Card sx={{ mt: 2, maxWidth: 560 }}>
      <Title title="Deelnemer zoeken" />
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          Deelnemer zoeken
        </Typography>
        <Typography>Open de tijdlijn van een deelnemer met zijn of haar code.</Typography>
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
            label="Code van de deelnemer"
            value={ref}
            onChange={(e) => setRef(e.target.value)}
            fullWidth
            margin="normal"
            required
            id="zoek-code"
          />
          <Button type="submit" variant="contained" sx={{ mt: 1 }}>
            Tijdlijn openen
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
}
