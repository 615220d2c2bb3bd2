import { Card, CardContent, Typography, List, ListItem, Link } from '@mui/material';
import { Title, usePermissions } from 'react-admin';
import { ROLE_LABELS } from './format';
import { session } from './http';

const TASKS: Record<string, [string, string][]> = {
  beheerder: [
    ['#/users', 'Accounts beheren'],
    ['#/gemeenten', 'Gemeenten beheren'],
    ['#/experiments', 'Experimenten bekijken'],
    ['#/imports', 'Bestanden inlezen'],
  ],
  projectleider: [
    ['#/experiments', 'Experimenten ontwerpen, starten en volgen'],
    ['#/rapporten', 'Kwartaalrapport bekijken en publiceren'],
    ['#/datakwaliteit', 'Datakwaliteit per gemeente'],
  ],
  gemeente: [
    ['#/enrolments', 'Deelnemers inschrijven'],
    ['#/deelnemer', 'Mijlpalen en klantbeleving vastleggen'],
    ['#/imports', 'Een bestand uit uw eigen systeem inlezen'],
    ['#/datakwaliteit', 'Datakwaliteit van uw gemeente'],
  ],
  reviewer: [['#/rapporten', 'Kwartaalrapporten lezen (geanonimiseerd)']],
};

export function Dashboard() {
  const { permissions: role } = usePermissions();
  const g = session.gemeente;
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Start" />
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          Welkom bij het Living Lab Stabilisatie
        </Typography>
        <Typography>
          U bent ingelogd als <strong>{ROLE_LABELS[role] ?? role}</strong>
          {g ? ` van gemeente ${g}` : ''}. Dit kunt u hier doen:
        </Typography>
        <List>
          {(TASKS[role] ?? []).map(([href, text]) => (
            <ListItem key={href}>
              <Link href={href}>{text}</Link>
            </ListItem>
          ))}
        </List>
        <Typography variant="body2">
          Deelnemers staan hier alleen onder een code. Vul nooit een naam, adres of BSN in.
        </Typography>
      </CardContent>
    </Card>
  );
}
