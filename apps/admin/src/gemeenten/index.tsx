import LocationCityIcon from '@mui/icons-material/LocationCity';
import {
  BooleanField,
  BooleanInput,
  Create,
  Datagrid,
  Edit,
  EditButton,
  List,
  NumberField,
  NumberInput,
  regex,
  required,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  usePermissions,
  useRecordContext,
  type RaRecord,
} from 'react-admin';
import { can } from '../authProvider';
import { csvExporter } from '../csvExport';
import { session } from '../http';
import { GemeenteContextPanel } from './GemeenteContextPanel';

const GEMEENTE_COLUMNS = [
  { header: 'Naam', value: (r: RaRecord) => r.naam },
  { header: 'Code', value: (r: RaRecord) => r.code },
  { header: 'CBS-code', value: (r: RaRecord) => r.cbsCode },
  { header: 'Inwoners', value: (r: RaRecord) => r.inwoners },
  { header: 'Mag bij naam in rapporten', value: (r: RaRecord) => (r.consentNamed ? 'ja' : 'nee') },
];

const GemeenteList = () => {
  return (
    <List sort={{ field: 'naam', order: 'ASC' }} exporter={csvExporter('gemeenten', GEMEENTE_COLUMNS)}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="naam" label="Naam" />
        <TextField source="code" label="Code" />
        <TextField source="cbsCode" label="CBS-code" emptyText="–" />
        <TextField source="ddasKeyFingerprint" label="DDAS-sleutel (vingerafdruk)" emptyText="–" />
        <NumberField source="inwoners" label="Inwoners" locales="nl-NL" />
        <BooleanField source="consentNamed" label="Mag bij naam in rapporten" />
      </Datagrid>
    </List>
  );
};

const cbsCode = regex(/^GM[0-9]{4}$/, 'Een CBS-code is GM met 4 cijfers, bijvoorbeeld GM0363.');

const fields = (isNew: boolean) => [
  <TextInput
    key="code"
    source="code"
    label="Code"
    helperText="Kleine letters, cijfers of streepjes. Verandert nooit."
    validate={required()}
    disabled={!isNew}
  />,
  <TextInput key="naam" source="naam" label="Naam" validate={required()} />,
  <TextInput
    key="cbsCode"
    source="cbsCode"
    label="CBS-code"
    helperText="GM met 4 cijfers, bijvoorbeeld GM0363. Zo noemt een DDAS-bestand de gemeente."
    validate={cbsCode}
    parse={(v: string) => (v ? v.trim().toUpperCase() : null)}
  />,
  <NumberInput key="inwoners" source="inwoners" label="Aantal inwoners" min={0} step={1} />,
  <BooleanInput
    key="consentNamed"
    source="consentNamed"
    label="Gemeente geeft toestemming om bij naam in rapporten te staan"
  />,
];

/** The werkwijze per year under the gemeente's own page: the gemeente itself and a beheerder write. */
const ContextOfRecord = () => {
  const record = useRecordContext();
  const { permissions: role } = usePermissions();
  if (!record) return null;
  const code = String(record.code ?? record.id);
  const canWrite = role === 'beheerder' || (role === 'gemeente' && session.gemeente === code);
  return <GemeenteContextPanel code={code} canWrite={canWrite} />;
};

const GemeenteTitle = () => {
  const record = useRecordContext();
  return <span>{record ? `Gemeente ${record.naam}` : 'Gemeente'}</span>;
};

/** The gemeente's page: its details and its werkwijze per year (issue 14, item 8). */
const GemeenteShow = () => {
  const { permissions: role } = usePermissions();
  return (
    <Show
      title={<GemeenteTitle />}
      actions={
        can(role, 'gemeenten.write') ? (
          <TopToolbar>
            <EditButton label="Gegevens wijzigen" />
          </TopToolbar>
        ) : (
          false
        )
      }
    >
      <SimpleShowLayout>
        <TextField source="naam" label="Naam" />
        <TextField source="code" label="Code" />
        <TextField source="cbsCode" label="CBS-code" emptyText="–" />
        <NumberField source="inwoners" label="Inwoners" locales="nl-NL" emptyText="–" />
        <BooleanField source="consentNamed" label="Mag bij naam in rapporten" />
      </SimpleShowLayout>
      <ContextOfRecord />
    </Show>
  );
};

const GemeenteCreate = () => (
  <Create redirect="list">
    <SimpleForm noValidate>{fields(true)}</SimpleForm>
  </Create>
);
const GemeenteEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm noValidate>{fields(false)}</SimpleForm>
  </Edit>
);

export default {
  list: GemeenteList,
  show: GemeenteShow,
  create: GemeenteCreate,
  edit: GemeenteEdit,
  icon: LocationCityIcon,
};
