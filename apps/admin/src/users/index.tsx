import PeopleIcon from '@mui/icons-material/People';
import {
  BooleanField,
  BooleanInput,
  Create,
  Datagrid,
  Edit,
  FormDataConsumer,
  List,
  PasswordInput,
  ReferenceInput,
  required,
  SelectField,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  type RaRecord,
} from 'react-admin';
import { csvExporter } from '../csvExport';
import { ROLE_CHOICES, ROLE_LABELS } from '../format';

const USER_COLUMNS = [
  { header: 'Gebruikersnaam', value: (r: RaRecord) => r.username },
  { header: 'Rol', value: (r: RaRecord) => ROLE_LABELS[r.role] ?? r.role },
  { header: 'Gemeente', value: (r: RaRecord) => r.gemeente },
  { header: 'Uitgeschakeld', value: (r: RaRecord) => (r.disabled ? 'ja' : 'nee') },
];

const UserList = () => (
  <List sort={{ field: 'username', order: 'ASC' }} exporter={csvExporter('accounts', USER_COLUMNS)}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="username" label="Gebruikersnaam" />
      <SelectField source="role" label="Rol" choices={ROLE_CHOICES} />
      <TextField source="gemeente" label="Gemeente" emptyText="–" />
      <BooleanField source="disabled" label="Uitgeschakeld" />
    </Datagrid>
  </List>
);

const GemeenteChoice = () => (
  <FormDataConsumer>
    {({ formData }) =>
      formData.role === 'gemeente' && (
        <ReferenceInput source="gemeente" reference="gemeenten" sort={{ field: 'naam', order: 'ASC' }}>
          <SelectInput label="Gemeente" optionText="naam" validate={required()} />
        </ReferenceInput>
      )
    }
  </FormDataConsumer>
);

const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm noValidate>
      <TextInput source="username" label="Gebruikersnaam" validate={required()} />
      <PasswordInput source="password" label="Wachtwoord (minstens 12 tekens)" validate={required()} />
      <SelectInput source="role" label="Rol" choices={ROLE_CHOICES} validate={required()} />
      <GemeenteChoice />
      <TextInput source="email" type="email" label="E-mailadres (voor berichten over kwartaalrapporten)" />
    </SimpleForm>
  </Create>
);

const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm noValidate>
      <TextInput source="username" label="Gebruikersnaam" disabled />
      <PasswordInput source="password" label="Nieuw wachtwoord (leeg laten om te houden)" />
      <SelectInput source="role" label="Rol" choices={ROLE_CHOICES} validate={required()} />
      <GemeenteChoice />
      <TextInput source="email" type="email" label="E-mailadres (voor berichten over kwartaalrapporten)" />
      <BooleanInput source="disabled" label="Account uitschakelen" />
    </SimpleForm>
  </Edit>
);

export default { list: UserList, create: UserCreate, edit: UserEdit, icon: PeopleIcon };
