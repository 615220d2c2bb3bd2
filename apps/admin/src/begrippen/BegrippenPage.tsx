import { Box, Card, CardContent, Typography } from '@mui/material';
import { useEffect } from 'react';
import { Title } from 'react-admin';
import { useLocation } from 'react-router-dom';
import { begrippen, BEGRIP_GROUPS, SOURCE_LABELS } from '@living-lab/definitions';

/**
 * Begrippen: what every step, outcome, score, phase and ratio means, in plain Dutch. The texts live
 * once in libs/domain (definitions.ts); every metric name in the app links here (TermLink).
 */
export function BegrippenPage() {
  const all = begrippen();
  const selected = new URLSearchParams(useLocation().search).get('begrip');
  useEffect(() => {
    if (!selected) return;
    const el = document.getElementById(`begrip-${selected}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [selected]);
  return (
    <Box sx={{ mt: 2, maxWidth: 900 }}>
      <Title title="Begrippen" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5">
            Begrippen
          </Typography>
          <Typography>
            Wat de woorden in het platform en in de kwartaalrapporten betekenen. Zo tellen alle gemeenten op dezelfde
            manier en kunt u de cijfers eerlijk vergelijken. Veel begrippen komen uit bijlage D van de studie naar
            stabilisatie (2019); de andere zijn afspraken van het living lab.
          </Typography>
        </CardContent>
      </Card>
      {BEGRIP_GROUPS.map((g) => (
        <Card key={g.key} sx={{ mb: 2 }} component="section" aria-labelledby={`groep-${g.key}`}>
          <CardContent>
            <Typography component="h2" variant="h6" id={`groep-${g.key}`}>
              {g.title}
            </Typography>
            <Box component="dl" sx={{ m: 0 }}>
              {all
                .filter((b) => b.group === g.key)
                .map((b) => (
                  <Box
                    key={b.key}
                    id={`begrip-${b.key}`}
                    tabIndex={-1}
                    data-testid={`begrip-${b.key}`}
                    sx={{
                      py: 1,
                      px: 1,
                      borderRadius: 1,
                      outline: 'none',
                      bgcolor: b.key === selected ? '#fff4d6' : undefined,
                      borderLeft: b.key === selected ? '4px solid #8a4b00' : '4px solid transparent',
                    }}
                  >
                    <Typography component="dt" sx={{ fontWeight: 600 }}>
                      {b.term}
                    </Typography>
                    <Typography component="dd" sx={{ m: 0 }}>
                      {b.text}
                    </Typography>
                    <Typography component="dd" variant="body2" sx={{ m: 0, color: '#595959' }}>
                      {SOURCE_LABELS[b.source]}
                    </Typography>
                  </Box>
                ))}
            </Box>
          </CardContent>
        </Card>
      ))}
    </Box>
  );
}
