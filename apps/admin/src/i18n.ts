import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import dutchMessages from 'ra-language-dutch';
import { mergeTranslations } from 'react-admin';

/**
 * Dutch first: ra-language-dutch (written for react-admin 4) over the English messages, plus the
 * keys react-admin 5 added that it lacks. English is the second locale.
 */
const missingDutch = {
  ra: {
    action: {
      reset: 'Opnieuw',
      search_columns: 'Kolommen zoeken',
      select_all_button: 'Alles selecteren',
      update_application: 'Applicatie opnieuw laden',
    },
    page: { access_denied: 'Geen toegang', authentication_error: 'Fout bij inloggen' },
    message: {
      access_denied: 'U heeft niet de rechten om deze pagina te zien.',
      authentication_error: 'De inlogserver gaf een fout. Uw gegevens konden niet worden gecontroleerd.',
      auth_error: 'Er ging iets mis bij het controleren van uw sessie.',
      clear_array_input: 'Weet u zeker dat u de hele lijst wilt leegmaken?',
      select_all_limit_reached:
        'Er zijn te veel rijen om alles te selecteren. Alleen de eerste %{max} zijn geselecteerd.',
      placeholder_data_warning: 'Netwerkprobleem: de gegevens konden niet worden ververst.',
    },
    navigation: { clear_filters: 'Filters wissen', no_filtered_results: 'Geen %{name} gevonden met deze filters.' },
    auth: { email: 'E-mail' },
    notification: {
      application_update_available: 'Er is een nieuwe versie.',
      offline: 'Geen verbinding. De gegevens konden niet worden opgehaald.',
    },
    validation: { unique: 'Moet uniek zijn' },
    guesser: { empty: { title: 'Geen gegevens', message: 'Controleer de data provider' } },
  },
};

const dutchResources = {
  resources: {
    experiments: { name: 'Experiment |||| Experimenten' },
    proposals: { name: 'Voorstel |||| Voorstellen' },
    gemeenten: { name: 'Gemeente |||| Gemeenten' },
    users: { name: 'Account |||| Accounts' },
    enrolments: { name: 'Inschrijving |||| Inschrijvingen' },
    participants: { name: 'Deelnemer |||| Deelnemers' },
    imports: { name: 'Import |||| Imports' },
  },
};
const englishResources = {
  resources: {
    experiments: { name: 'Experiment |||| Experiments' },
    proposals: { name: 'Proposal |||| Proposals' },
    gemeenten: { name: 'Municipality |||| Municipalities' },
    users: { name: 'Account |||| Accounts' },
    enrolments: { name: 'Enrolment |||| Enrolments' },
    participants: { name: 'Participant |||| Participants' },
    imports: { name: 'Import |||| Imports' },
  },
};

export const nl = mergeTranslations(englishMessages, dutchMessages, missingDutch, dutchResources);
export const en = mergeTranslations(englishMessages, englishResources);

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? en : nl),
  'nl',
  [
    { locale: 'nl', name: 'Nederlands' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: true },
);
