import LocationCityIcon from '@mui/icons-material/LocationCity';
import {
  BooleanField,
  BooleanInput,
  Create,
  Datagrid,
  Edit,
  List,
  NumberField,
  NumberInput,
  regex,
  required,
  SimpleForm,
  TextField,
  TextInput,
  usePermissions,
  type RaRecord,
} from 'react-admin';
import { can } from '../authProvider';
import { csvExporter } from '../csvExport';

const GEMEENTE_COLUMNS = [
  { header: 'Naam', value: (r: RaRecord) => r.naam },
  { header: 'Code', value: (r: RaRecord) => r.code },
  { header: 'CBS-code', value: (r: RaRecord) => r.cbsCode },
  { header: 'Inwoners', value: (r: RaRecord) => r.inwoners },
  { header: 'Mag bij naam in rapporten', value: (r: RaRecord) => (r.consentNamed ? 'ja' : 'nee') },
];

const GemeenteList = () => {
  const { permissions: role } = usePermissions();
  return (
    <List sort={{ field: 'naam', order: 'ASC' }} exporter={csvExporter('gemeenten', GEMEENTE_COLUMNS)}>
      <Datagrid rowClick={can(role, 'gemeenten.write') ? 'edit' : false} bulkActionButtons={false}>
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

const GemeenteCreate = () => (
  <Create redirect="list">
    <SimpleForm noValidate>{fields(true)}</SimpleForm>
  </Create>
);
const GemeenteEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm noValidate>{fields(false)}</SimpleForm>
  </Edit>
);

export default { list: GemeenteList, create: GemeenteCreate, edit: GemeenteEdit, icon: LocationCityIcon };
