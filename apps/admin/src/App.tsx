import {
  Admin,
  AppBar,
  CustomRoutes,
  defaultTheme,
  Layout,
  Menu,
  Resource,
  useGetIdentity,
  usePermissions,
  UserMenu,
  Logout,
  type LayoutProps,
} from 'react-admin';
import { Route } from 'react-router-dom';
import AssessmentIcon from '@mui/icons-material/Assessment';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import DriveFolderUploadIcon from '@mui/icons-material/DriveFolderUpload';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import ChecklistIcon from '@mui/icons-material/Checklist';
import { authProvider, can } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { Dashboard } from './Dashboard';
import experiments from './experiments';
import proposals, { JoinRequestPage, ProposeExperimentPage } from './proposals';
import gemeenten from './gemeenten';
import users from './users';
import { MFA_PATH, MfaMenuItem, MfaSetupPage } from './mfa/MfaSetupPage';
import enrolments from './enrolments';
import participants from './participants';
import { ParticipantSearch } from './participants/ParticipantSearch';
import { ImportsPage } from './pages/ImportsPage';
import { DdasKeyIcon, DdasKeyPage } from './ddas/DdasKeyPage';
import { DdasImportPage } from './ddas/DdasImportPage';
import { DataQualityPage } from './pages/DataQualityPage';
import { ReportsPage } from './pages/ReportsPage';
import { BegrippenPage } from './begrippen/BegrippenPage';
import { WorklistPage } from './pages/WorklistPage';
import { LoginPage } from './LoginPage';

/** Colours with at least 4.5:1 contrast on white (WCAG 2.1 AA) and a visible keyboard focus. */
const theme = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1d4e89' },
    secondary: { main: '#1d4e89' },
    error: { main: '#b3261e' },
    warning: { main: '#8a4b00' },
    success: { main: '#1b6e2d' },
  },
  components: {
    ...defaultTheme.components,
    MuiButtonBase: {
      styleOverrides: { root: { '&.Mui-focusVisible': { outline: '3px solid #f2a900', outlineOffset: 2 } } },
    },
  },
};

function RoleMenu() {
  const { permissions: role } = usePermissions();
  return (
    <Menu>
      <Menu.DashboardItem primaryText="Start" />
      {can(role, 'worklist') && <Menu.Item to="/werklijst" primaryText="Werklijst" leftIcon={<ChecklistIcon />} />}
      {can(role, 'experiments') && <Menu.ResourceItem name="experiments" />}
      {can(role, 'proposals') && <Menu.ResourceItem name="proposals" />}
      {can(role, 'enrolments') && <Menu.ResourceItem name="enrolments" />}
      {can(role, 'participants') && (
        <Menu.Item to="/deelnemer" primaryText="Deelnemer zoeken" leftIcon={<PersonSearchIcon />} />
      )}
      {can(role, 'imports') && (
        <Menu.Item to="/imports" primaryText="Bestanden inlezen" leftIcon={<UploadFileIcon />} />
      )}
      {can(role, 'ddas') && (
        <Menu.Item to="/ddas-inlezen" primaryText="DDAS-bestand inlezen" leftIcon={<DriveFolderUploadIcon />} />
      )}
      {can(role, 'ddas') && <Menu.Item to="/ddas-sleutel" primaryText="DDAS-sleutel" leftIcon={<DdasKeyIcon />} />}
      {can(role, 'quality') && (
        <Menu.Item to="/datakwaliteit" primaryText="Datakwaliteit" leftIcon={<FactCheckIcon />} />
      )}
      {can(role, 'reports') && (
        <Menu.Item to="/rapporten" primaryText="Kwartaalrapporten" leftIcon={<AssessmentIcon />} />
      )}
      {can(role, 'begrippen') && <Menu.Item to="/begrippen" primaryText="Begrippen" leftIcon={<MenuBookIcon />} />}
      {can(role, 'gemeenten') && <Menu.ResourceItem name="gemeenten" />}
      {can(role, 'users') && <Menu.ResourceItem name="users" />}
    </Menu>
  );
}

/** The user menu's accessible name is its visible text (WCAG 2.5.3, label in name). */
function NamedUserMenu() {
  const { identity } = useGetIdentity();
  return (
    <UserMenu label={identity?.fullName ?? 'Profiel'}>
      <MfaMenuItem />
      <Logout />
    </UserMenu>
  );
}
const LabAppBar = () => <AppBar userMenu={<NamedUserMenu />} />;
const AppLayout = (props: LayoutProps) => <Layout {...props} menu={RoleMenu} appBar={LabAppBar} />;

export function App() {
  return (
    <Admin
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      dashboard={Dashboard}
      layout={AppLayout}
      loginPage={LoginPage}
      theme={theme}
      title="Living Lab Stabilisatie"
      requireAuth
      disableTelemetry
    >
      {(role: string) => [
        can(role, 'experiments') ? (
          <Resource
            key="experiments"
            name="experiments"
            {...experiments}
            create={can(role, 'experiments.write') ? experiments.create : undefined}
            edit={can(role, 'experiments.write') ? experiments.edit : undefined}
          />
        ) : null,
        can(role, 'proposals') ? <Resource key="proposals" name="proposals" {...proposals} /> : null,
        can(role, 'enrolments') ? (
          <Resource
            key="enrolments"
            name="enrolments"
            list={enrolments.list}
            create={can(role, 'enrolments.write') ? enrolments.create : undefined}
            icon={enrolments.icon}
          />
        ) : null,
        can(role, 'participants') ? (
          <Resource key="participants" name="participants" show={participants.show} icon={participants.icon} />
        ) : null,
        can(role, 'gemeenten') ? (
          <Resource
            key="gemeenten"
            name="gemeenten"
            list={gemeenten.list}
            show={gemeenten.show}
            icon={gemeenten.icon}
            create={can(role, 'gemeenten.write') ? gemeenten.create : undefined}
            edit={can(role, 'gemeenten.write') ? gemeenten.edit : undefined}
          />
        ) : null,
        can(role, 'users') ? <Resource key="users" name="users" {...users} /> : null,
        <CustomRoutes key="custom">
          <Route path={MFA_PATH} element={<MfaSetupPage />} />
          {can(role, 'participants') && <Route path="/deelnemer" element={<ParticipantSearch />} />}
          {can(role, 'worklist') && <Route path="/werklijst" element={<WorklistPage />} />}
          {can(role, 'proposals.make') && <Route path="/voorstellen/nieuw" element={<ProposeExperimentPage />} />}
          {can(role, 'proposals.make') && <Route path="/voorstellen/meedoen" element={<JoinRequestPage />} />}
          {can(role, 'imports') && <Route path="/imports" element={<ImportsPage />} />}
          {can(role, 'ddas') && <Route path="/ddas-sleutel" element={<DdasKeyPage />} />}
          {can(role, 'ddas') && <Route path="/ddas-inlezen" element={<DdasImportPage />} />}
          {can(role, 'quality') && <Route path="/datakwaliteit" element={<DataQualityPage />} />}
          {can(role, 'reports') && <Route path="/rapporten" element={<ReportsPage />} />}
          {can(role, 'begrippen') && <Route path="/begrippen" element={<BegrippenPage />} />}
        </CustomRoutes>,
      ]}
    </Admin>
  );
}
