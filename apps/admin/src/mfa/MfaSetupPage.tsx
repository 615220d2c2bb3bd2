import { forwardRef } from 'react';
import { Card, CardContent, ListItemIcon, ListItemText, MenuItem, Typography } from '@mui/material';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import { Title, useRedirect, useUserMenu } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { MfaSetup } from './MfaSetup';

export const MFA_PATH = '/inloggen-met-code';

/** The page behind the user menu's item: setting up sign-in with a code for one's own account. */
export function MfaSetupPage() {
  const redirect = useRedirect();
  return (
    <Card sx={{ mt: 2, maxWidth: 720 }}>
      <Title title="Inloggen met een code" />
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          Inloggen met een code instellen
        </Typography>
        <MfaSetup onDone={() => redirect('/')} />
      </CardContent>
    </Card>
  );
}

/** The user menu's item (react-admin closes the menu through useUserMenu). */
export const MfaMenuItem = forwardRef<HTMLLIElement>(function MfaMenuItem(props, ref) {
  const menu = useUserMenu();
  const navigate = useNavigate();
  const open = () => {
    menu?.onClose();
    navigate(MFA_PATH);
  };
  return (
    <MenuItem {...props} ref={ref} onClick={open}>
      <ListItemIcon>
        <PhonelinkLockIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>Inloggen met code instellen</ListItemText>
    </MenuItem>
  );
});
