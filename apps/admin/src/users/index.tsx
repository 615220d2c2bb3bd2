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
} from 'react-admin';
import { ROLE_CHOICES } from '../format';

const UserList = () => (
  <List sort={{ field: 'username', order: 'ASC' }} exporter={false}>
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
      <BooleanInput source="disabled" label="Account uitschakelen" />
    </SimpleForm>
  </Edit>
);

export default { list: UserList, create: UserCreate, edit: UserEdit, icon: PeopleIcon };
