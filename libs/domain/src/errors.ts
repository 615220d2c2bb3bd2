/**
 * Coded domain errors: one catalogue of every error the platform tells a user, with a stable code,
 * what kind of failure it is, and the Dutch message (B1). Services throw `DomainError(code, …)`;
 * one filter in the API maps the kind to an HTTP status; the web app reads `code`, never the text.
 *
 * Messages may hold `{name}` placeholders, filled from the error's params. Codes are part of the
 * API (`code` in every error body): add codes, never rename one.
 */

/** What went wrong, independent of transport. The API maps each kind to one HTTP status. */
export type ErrorKind =
  | 'bad_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_many'
  | 'too_large'
  | 'unavailable'
  | 'internal';

interface CatalogueEntry {
  readonly kind: ErrorKind;
  readonly message: string;
}

/**
 * The catalogue. Keys are `<area>.<what>`; add an entry here (and nowhere else) for a new error.
 * Keep messages plain Dutch: say what happened and, where it helps, what to do.
 */
export const ERROR_CATALOGUE = {
  // Generic
  'input.invalid': { kind: 'bad_input', message: 'De invoer klopt niet.' },
  'input.not_json': { kind: 'bad_input', message: 'De invoer is geen geldige JSON.' },
  'input.too_deep': { kind: 'bad_input', message: 'De invoer is te diep genest.' },
  'input.too_large': { kind: 'too_large', message: 'De invoer is te groot.' },
  'conflict.exists': { kind: 'conflict', message: 'Dit bestaat al.' },
  'route.not_found': { kind: 'not_found', message: 'Dit adres bestaat niet in de API. Controleer de URL.' },
  'server.unavailable': {
    kind: 'unavailable',
    message:
      'De database is tijdelijk niet bereikbaar. Er is niets opgeslagen. Probeer het over een paar seconden opnieuw.',
  },
  'health.database_down': {
    kind: 'unavailable',
    message: 'De database is niet bereikbaar. De API herstelt vanzelf zodra de database terug is.',
  },
  'server.error': { kind: 'internal', message: 'Er ging iets mis aan onze kant. Probeer het later opnieuw.' },

  // Sign-in and rights
  'auth.required': { kind: 'unauthenticated', message: 'Log eerst in.' },
  'auth.token_invalid': { kind: 'unauthenticated', message: 'Uw sessie is verlopen of ongeldig. Log opnieuw in.' },
  'auth.wrong_credentials': { kind: 'unauthenticated', message: 'Gebruikersnaam of wachtwoord klopt niet.' },
  'auth.role_forbidden': { kind: 'forbidden', message: 'Dit mag u met uw rol niet doen.' },
  'auth.other_gemeente': {
    kind: 'forbidden',
    message: 'U mag alleen gegevens van uw eigen gemeente zien en wijzigen.',
  },
  'auth.too_many_attempts': {
    kind: 'too_many',
    message: 'Te veel inlogpogingen. Wacht een paar minuten en probeer het dan opnieuw.',
  },
  'rate.too_many': { kind: 'too_many', message: 'Te veel verzoeken. Wacht even en probeer het dan opnieuw.' },

  // Things that are not there
  'gemeente.not_found': { kind: 'not_found', message: 'Gemeente "{gemeente}" bestaat niet.' },
  'gemeente.exists': { kind: 'bad_input', message: 'Deze code bestaat al.' },
  'gemeente.cbs_code_taken': { kind: 'bad_input', message: 'Deze CBS-code hoort al bij een andere gemeente.' },
  // gemeente context: werkwijze, regisseur, uitbesteed, caseload per year (issue 14, item 8)
  'context.not_found': {
    kind: 'not_found',
    message: 'Voor {year} is de werkwijze van deze gemeente nog niet vastgelegd.',
  },
  'context.year_invalid': { kind: 'bad_input', message: 'Kies een jaar van {min} tot en met {max}.' },
  'context.werkwijze_unknown': { kind: 'bad_input', message: 'Kies de werkwijze: procesgericht of maatwerk.' },
  'context.regisseur_invalid': {
    kind: 'bad_input',
    message: 'Geef aan of klanten een regisseur hebben: ja (true) of nee (false).',
  },
  'context.uitbesteed_invalid': {
    kind: 'bad_input',
    message: 'Geef de uitbestede onderdelen als lijst. Een lege lijst betekent: niets uitbesteed.',
  },
  'context.uitbesteed_unknown': { kind: 'bad_input', message: 'Onbekend onderdeel: {onderdelen}. Kies uit: {list}.' },
  'context.caseload_invalid': {
    kind: 'bad_input',
    message:
      'Geef het aantal dossiers per fte als getal groter dan 0 en hoogstens {max}, bijvoorbeeld 50 of 42,5. Weet u het niet? Laat het dan leeg (null).',
  },
  'user.not_found': { kind: 'not_found', message: 'Deze gebruiker bestaat niet.' },
  'user.exists': { kind: 'bad_input', message: 'Deze gebruikersnaam bestaat al.' },
  'participant.not_found': { kind: 'not_found', message: 'Deze deelnemer is niet bekend bij deze gemeente.' },
  'experiment.not_found': { kind: 'not_found', message: 'Experiment "{key}" bestaat niet.' },

  // experiments, allocation, participants, gemeenten, client form, data quality, funnel (sqlerr).
  // A message ending in `{list}.` gets its list without the final full stop (see endless()).
  'experiment.status_unknown': { kind: 'bad_input', message: 'Deze status bestaat niet. Kies een van: {statuses}.' },
  'experiment.body_not_object': { kind: 'bad_input', message: 'Stuur een JSON-object.' },
  'experiment.unknown_gemeente': { kind: 'bad_input', message: 'Onbekende gemeente: {gemeenten}.' },
  'experiment.weights_not_blockable': {
    kind: 'bad_input',
    message: 'Met deze verdeling over de groepen werkt loting in blokjes niet: {reason}.',
  },
  'experiment.create_not_draft': {
    kind: 'bad_input',
    message: 'Een nieuw experiment begint altijd als concept. Start het als het plan klaar is.',
  },
  'experiment.exists': {
    kind: 'conflict',
    message:
      'Er is al een experiment met de code "{key}". Kies een andere code: een code wordt nooit twee keer gebruikt.',
  },
  'experiment.key_immutable': { kind: 'bad_input', message: 'De code van een experiment kan niet veranderen.' },
  'experiment.plan_frozen': {
    kind: 'conflict',
    message:
      'Het plan kan alleen vrij veranderen zolang het experiment een concept is; dit experiment {state}. Na de start legt u een wijziging vast met de reden erbij: kies bij het experiment "Wijziging na de start vastleggen".',
  },
  'experiment.transition_invalid': {
    kind: 'conflict',
    message: 'Dit experiment staat op "{from}" en kan niet naar "{to}". {next}.',
  },
  'experiment.amend_draft': {
    kind: 'conflict',
    message:
      'Dit experiment is nog een concept: u kunt het plan gewoon aanpassen. Een wijziging met reden is pas nodig na de start.',
  },
  'experiment.amend_completed': {
    kind: 'conflict',
    message: 'Dit experiment is afgerond; het plan verandert niet meer.',
  },
  'experiment.amend_refused': { kind: 'conflict', message: 'Deze wijziging van het plan kan niet: {refusals}.' },
  'experiment.amend_no_change': { kind: 'bad_input', message: 'Deze wijziging verandert niets aan het plan.' },
  'allocation.cannot_start': { kind: 'conflict', message: 'Het experiment kan niet starten: {reasons}.' },
  'allocation.external_required': {
    kind: 'conflict',
    message:
      'Bij de opzet "{design}" kiest de gemeente zelf de groep van elke deelnemer. Zet bij het experiment "Wie deelt de groep toe?" op "Door de gemeente".',
  },
  'allocation.no_periods': {
    kind: 'conflict',
    message: 'Voor gemeente "{gemeente}" zijn geen nulmeting en eenmeting vastgelegd.',
  },
  'allocation.date_outside_periods': {
    kind: 'bad_input',
    message:
      'Deze datum valt niet in de nulmeting ({nulmetingStart} t/m {nulmetingEnd}) of de eenmeting ({eenmetingStart} t/m {eenmetingEnd}) van {gemeente}.',
  },
  'allocation.no_cluster': {
    kind: 'conflict',
    message: 'Gemeente "{gemeente}" heeft nog geen toewijzing in dit experiment.',
  },
  'allocation.no_run': {
    kind: 'conflict',
    message:
      'De loting voor dit experiment is nog niet klaar. Start het experiment opnieuw of vraag de beheerder om hulp.',
  },
  'allocation.not_started': {
    kind: 'conflict',
    message: 'Dit experiment is nog niet gestart. Daarom is nog niemand in een groep ingedeeld.',
  },
  'participant.ref_invalid': {
    kind: 'bad_input',
    message: 'Gebruik een pseudonieme code van 1 tot 64 tekens (letters, cijfers, - _ . /), nooit een BSN.',
  },
  'participant.supersedes_invalid': {
    kind: 'bad_input',
    message: 'Geef het nummer van de registratie die u wilt verbeteren.',
  },
  'participant.supersedes_foreign': {
    kind: 'bad_input',
    message: 'Deze registratie hoort niet bij deze deelnemer.',
  },
  'participant.already_corrected': { kind: 'conflict', message: 'Deze registratie is al eerder gecorrigeerd.' },
  'participant.milestone_exists': {
    kind: 'conflict',
    message:
      'Deze mijlpaal staat al geregistreerd op {occurredOn}. Klopt die datum niet? Verbeter dan die registratie (nummer {eventId}) op de tijdlijn van de deelnemer.',
  },
  'participant.beleving_empty': {
    kind: 'bad_input',
    message: 'Geef minstens één score: een rapportcijfer, een van de vijf vragen of de emotie.',
  },
  'participant.klantprofiel_future': {
    kind: 'bad_input',
    message: 'Deze datum ligt in de toekomst. Kies vandaag of een eerdere datum.',
  },
  // Fidelity (issue 14, item 7): deliveries of an arm's intervention
  'delivery.not_enrolled': {
    kind: 'bad_input',
    message: 'Deze deelnemer is niet ingeschreven in experiment "{experiment}". Schrijf de deelnemer eerst in.',
  },
  'delivery.no_kinds': {
    kind: 'bad_input',
    message:
      'Experiment "{experiment}" zegt nog niet wat telt als geleverd. Vraag de projectleider dit in het plan te zetten.',
  },
  'delivery.kind_unknown': {
    kind: 'bad_input',
    message: 'Deze soort levering hoort niet bij experiment "{experiment}". Kies uit: {kinds}.',
  },
  'delivery.before_enrolment': {
    kind: 'bad_input',
    message: 'Deze datum ligt vóór de inschrijving ({enrolledOn}). Een levering telt vanaf de dag van inschrijving.',
  },
  'delivery.other_experiment': {
    kind: 'bad_input',
    message: 'Een correctie hoort bij hetzelfde experiment als de registratie die zij verbetert ({experiment}).',
  },
  'client_form.link_invalid': {
    kind: 'not_found',
    message:
      'Deze link werkt niet. Misschien is er een teken weggevallen. Vraag uw contactpersoon bij de gemeente om een nieuwe link.',
  },
  'client_form.link_used': {
    kind: 'gone',
    message: 'U heeft deze vragen al beantwoord. Dank u wel! Een link werkt maar één keer.',
  },
  'client_form.link_expired': {
    kind: 'gone',
    message:
      'Deze link is verlopen. Een link werkt 30 dagen. Vraag uw contactpersoon bij de gemeente om een nieuwe link.',
  },
  'client_form.no_answer': { kind: 'bad_input', message: 'Beantwoord minstens één vraag.' },
  'quarter.invalid': { kind: 'bad_input', message: 'Schrijf het kwartaal als JJJJ-Qn, bijvoorbeeld 2026-Q3.' },
  'quarter.not_started': { kind: 'bad_input', message: 'Dit kwartaal is nog niet begonnen.' },

  // audit and privacy guard
  'privacy.bsn': {
    kind: 'bad_input',
    message:
      'Dit lijkt een BSN: negen cijfers die de elfproef doorstaan, ook met letters ervoor of tekens ertussen. Gebruik een eigen code, nooit een BSN.',
  },
  'privacy.naam': {
    kind: 'bad_input',
    message: 'Dit lijkt de naam van een persoon. Het platform bewaart geen namen, alleen een eigen code.',
  },
  'privacy.adres': {
    kind: 'bad_input',
    message: 'Dit lijkt een adres of postcode. Het platform bewaart geen adressen.',
  },
  'privacy.telefoon': {
    kind: 'bad_input',
    message: 'Dit lijkt een telefoonnummer. Het platform bewaart geen telefoonnummers.',
  },
  'privacy.email': {
    kind: 'bad_input',
    message: 'Dit lijkt een e-mailadres. Het platform bewaart geen e-mailadressen.',
  },
  'privacy.iban': {
    kind: 'bad_input',
    message: 'Dit lijkt een rekeningnummer (IBAN). Het platform bewaart geen rekeningnummers.',
  },

  // imports
  'import.not_found': { kind: 'not_found', message: 'Deze import bestaat niet (of is niet van uw gemeente).' },

  // enrolment
  'enrolment.other_arm': {
    kind: 'conflict',
    message: 'Deze deelnemer is al ingeschreven in de groep "{arm}". Een deelnemer blijft altijd in dezelfde groep.',
  },
  'enrolment.gemeente_not_in_experiment': {
    kind: 'bad_input',
    message: 'Gemeente "{gemeente}" doet niet mee aan dit experiment.',
  },
  'enrolment.not_running': { kind: 'conflict', message: 'Inschrijven kan alleen als het experiment loopt.' },
  'enrolment.before_start': {
    kind: 'bad_input',
    message: 'Het experiment begon op {start}; inschrijven kan vanaf die datum.',
  },
  'enrolment.after_end': { kind: 'bad_input', message: 'Het experiment eindigde op {end}.' },
  'enrolment.arm_not_allowed': {
    kind: 'bad_input',
    message: 'Bij dit experiment deelt het platform de deelnemer door loting in een groep in. Kies zelf geen groep.',
  },
  'enrolment.arm_required': {
    kind: 'bad_input',
    message: 'Bij dit experiment kiest u zelf de groep van de deelnemer.',
  },
  'enrolment.arm_unknown': {
    kind: 'bad_input',
    message: 'Deze groep bestaat niet in dit experiment. Kies uit: {arms}.',
  },
  'enrolment.simultaneous': {
    kind: 'conflict',
    message: 'Deze deelnemer werd tegelijk ingeschreven. Probeer het opnieuw.',
  },

  // auth and users
  'auth.session_ended': { kind: 'unauthenticated', message: 'Uw sessie is beëindigd. Log opnieuw in.' },
  'auth.mfa_required': {
    kind: 'unauthenticated',
    message: 'Vul de code van 6 cijfers uit uw app in. Of gebruik een herstelcode.',
  },
  'auth.mfa_code_wrong': {
    kind: 'unauthenticated',
    message:
      'De code klopt niet. Wacht op een nieuwe code in uw app en probeer het opnieuw. Of gebruik een herstelcode.',
  },
  'auth.oidc_off': {
    kind: 'not_found',
    message: 'Inloggen met een organisatie-account staat niet aan. Log in met uw gebruikersnaam en wachtwoord.',
  },
  'auth.oidc_code_invalid': {
    kind: 'unauthenticated',
    message: 'Inloggen met uw organisatie-account is verlopen of al gebruikt. Probeer het opnieuw.',
  },
  'auth.mfa_setup_required': {
    kind: 'unauthenticated',
    message:
      'Voor uw rol is inloggen met een extra code verplicht. Stel dit eerst in met een app op uw telefoon. Daarna logt u opnieuw in.',
  },
  'auth.mfa_already_enabled': {
    kind: 'conflict',
    message: 'Inloggen met een extra code staat al aan voor uw account.',
  },
  'auth.mfa_not_started': {
    kind: 'conflict',
    message: 'Begin eerst met instellen: vraag een nieuwe QR-code aan.',
  },
  'auth.mfa_confirm_wrong': {
    kind: 'bad_input',
    message: 'Deze code klopt niet. Vul de code van 6 cijfers in die uw app nu laat zien.',
  },
  'auth.mfa_unavailable': {
    kind: 'unavailable',
    message:
      'Inloggen met een extra code werkt nu niet door een fout in de instellingen van de server. Dit ligt niet aan uw code. Neem contact op met de beheerder.',
  },
  'user.gemeente_required': {
    kind: 'bad_input',
    message: 'Een gebruiker met rol gemeente hoort bij een gemeente: geef de code.',
  },
  'user.gemeente_not_allowed': {
    kind: 'bad_input',
    message: 'Alleen gebruikers met rol gemeente horen bij een gemeente.',
  },
  'user.gemeente_unknown': { kind: 'bad_input', message: 'Gemeente "{gemeente}" bestaat niet.' },
  'user.password_too_short': { kind: 'bad_input', message: 'Een wachtwoord heeft minstens 12 tekens.' },
  'user.password_common': {
    kind: 'bad_input',
    message: 'Dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies een ander.',
  },
  'user.password_repeated': { kind: 'bad_input', message: 'Gebruik niet steeds hetzelfde teken.' },
  'user.password_contains_username': {
    kind: 'bad_input',
    message: 'Het wachtwoord mag uw gebruikersnaam niet bevatten.',
  },

  // reports and results
  'report.version_not_found': { kind: 'not_found', message: 'Versie {version} van dit rapport bestaat niet.' },
  'report.draft_forbidden': { kind: 'forbidden', message: 'Alleen projectleiders zien een concept.' },

  // DDAS files (libs/ddas): the gemeente's key and pseudonymising before upload
  'ddas.key_invalid': { kind: 'bad_input', message: 'Dit sleutelbestand is niet te gebruiken: {reason}.' },
  'ddas.gemeentecode_invalid': {
    kind: 'bad_input',
    message: 'Schrijf de gemeentecode als GM met vier cijfers, bijvoorbeeld GM0363.',
  },
  'ddas.bsn_invalid': { kind: 'bad_input', message: 'Een burgerservicenummer heeft negen cijfers.' },

  // proposals and join requests of gemeenten (issue 16)
  'proposal.not_found': { kind: 'not_found', message: 'Dit voorstel bestaat niet (of is niet van uw gemeente).' },
  'proposal.status_fixed': {
    kind: 'bad_input',
    message: 'Een gemeente doet een voorstel. Een projectleider beslist daarna over de status.',
  },
  'proposal.own_gemeente_only': {
    kind: 'forbidden',
    message: 'U kunt alleen een experiment voor uw eigen gemeente voorstellen.',
  },
  'proposal.own_decision': { kind: 'forbidden', message: 'U kunt niet zelf over uw eigen voorstel beslissen.' },
  'proposal.decided': { kind: 'conflict', message: 'Over dit voorstel is al beslist.' },
  'proposal.reason_required': {
    kind: 'bad_input',
    message: 'Schrijf op waarom (minstens 5 tekens). De gemeente ziet dit antwoord.',
  },
  'proposal.decision_unknown': { kind: 'bad_input', message: 'Kies goedkeuren (approve) of afwijzen (decline).' },
  'proposal.join_not_running': { kind: 'conflict', message: 'Meedoen kan alleen met een experiment dat loopt.' },
  'proposal.join_already': { kind: 'conflict', message: 'Uw gemeente doet al mee aan dit experiment.' },
  'proposal.join_open': {
    kind: 'conflict',
    message: 'Uw gemeente heeft al een verzoek om mee te doen dat op antwoord wacht.',
  },
  'proposal.gemeente_required': { kind: 'bad_input', message: 'Geef de gemeente die wil meedoen.' },
  'proposal.join_date_invalid': { kind: 'bad_input', message: 'Schrijf de datum als dd-mm-jjjj.' },
  'proposal.join_date_outside': {
    kind: 'bad_input',
    message: 'Kies een datum binnen de looptijd van het experiment: {start} tot en met {end}.',
  },
  'proposal.comment_invalid': { kind: 'bad_input', message: 'Schrijf een reactie van 1 tot 4000 tekens.' },
  // quarterly reflections
  'reflection.experiment_unknown': {
    kind: 'bad_input',
    message: 'Experiment "{key}" bestaat niet. Laat het leeg voor een reflectie op het hele living lab.',
  },
  'reflection.target_before_quarter': {
    kind: 'bad_input',
    message: 'Het doelkwartaal ligt voor {quarter}. Kies {quarter} of een later kwartaal.',
  },
  'reflection.personal_data': {
    kind: 'bad_input',
    message:
      'Deze tekst lijkt persoonsgegevens te bevatten ({what}). Schrijf over groepen en cijfers, niet over personen.',
  },
  'reflection.followed_up': {
    kind: 'conflict',
    message:
      'Bij deze afspraken staat al wat ervan kwam. Ze kunnen daarom niet meer veranderen. U kunt wel de conclusies van een nieuw kwartaal schrijven.',
  },
  'reflection.not_found': { kind: 'not_found', message: 'Deze reflectie bestaat niet (in dit kwartaal).' },
  'reflection.item_not_found': {
    kind: 'not_found',
    message:
      'Deze afspraak bestaat niet in het kwartaal {quarter}. U kunt alleen vertellen wat er kwam van afspraken uit het vorige kwartaal.',
  },
  'reflection.comments_closed': {
    kind: 'conflict',
    message: 'Deze reflectie is al gepubliceerd zoals ze nu is. Reageren kan alleen op een concept.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type ErrorParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; a missing param stays visible as `{name}` (a test catches it). */
export function formatErrorMessage(code: ErrorCode, params: ErrorParams = {}): string {
  return ERROR_CATALOGUE[code].message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** One problem with one field of a request. `code` is set where the problem has a catalogue entry. */
export interface FieldProblem {
  field: string;
  message: string;
  code?: ErrorCode;
}

/**
 * The one error type services throw. `message` is the Dutch catalogue text (with params filled),
 * `field` names the input it is about (where one applies), `problems` lists every field problem
 * of a bad request at once.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly params: ErrorParams;
  readonly field?: string;
  readonly problems: readonly FieldProblem[];

  constructor(code: ErrorCode, options: { params?: ErrorParams; field?: string; problems?: FieldProblem[] } = {}) {
    super(formatErrorMessage(code, options.params));
    this.name = 'DomainError';
    this.code = code;
    this.kind = ERROR_CATALOGUE[code].kind;
    this.params = options.params ?? {};
    this.field = options.field;
    this.problems = options.problems ?? [];
  }
}

/** A bad request with every field problem listed (kind bad_input, code input.invalid). */
export const invalidInput = (problems: FieldProblem[]) => new DomainError('input.invalid', { problems });

/** A bad request about one field, with a reason specific to it. */
export const invalidField = (field: string, message: string, code?: ErrorCode) =>
  new DomainError('input.invalid', { field, problems: [{ field, message, ...(code ? { code } : {}) }] });

/** A catalogued error about one field: the problem's message is the catalogue's. */
export const fieldError = (code: ErrorCode, field: string, params?: ErrorParams) => {
  const message = formatErrorMessage(code, params);
  return new DomainError(code, { field, params, problems: [{ field, message, code }] });
};

/** A sentence (or several) without its final full stop, for a `{param}.` at the end of a message. */
export const endless = (text: string) => text.replace(/[.\s]+$/, '');
