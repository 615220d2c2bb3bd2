/**
 * Begrippen: what every milestone, metric, phase and ratio means, in plain Dutch (B1). The study
 * asks for a minimal dataset "met heldere definities" (its appendix D); these are those
 * definitions in our own words, plus the lab's own (what gereed means, the follow-up window,
 * intention to treat, uitval, the klantbeleving phases). Each definition is written here once: the
 * web app's Begrippen page, the API (GET /api/v1/begrippen) and every report format read it. The
 * tables are typed on their vocabulary, so a new milestone or metric without a definition fails
 * to compile (and definitions.spec.ts checks the same at run time). Pure data: the browser imports it.
 */
import { CONTEXT_DEFINITIONS, type ContextConcept } from './gemeente-context';
import { COMPOSITE_METRIC_LABELS, METRIC_LABELS, PHASE_LABELS } from './labels';
import type { SectorShare } from './report';
import type { Metric, Phase } from './vocabulary';

/** Where a definition comes from: the 2019 study (appendix D) or the lab itself. */
export type DefinitionSource = 'studie' | 'lab';

export interface Begrip {
  /** stable key: the vocabulary code (`uitval`), `fase.<phase>`, `ratio.<share>` or `begrip.<concept>` */
  key: string;
  term: string;
  text: string;
  source: DefinitionSource;
}

/** Every metric an experiment may name: milestones, composite outcomes and klantbeleving scores. */
export const METRIC_DEFINITIONS: Record<Metric, { text: string; source: DefinitionSource }> = {
  aanmelding: {
    source: 'studie',
    text: 'Iemand meldt zich bij de gemeente met een vraag over geld of schulden, en de gemeente legt die vraag vast. Hier begint het traject. Na de aanmelding volgt de intake.',
  },
  no_show: {
    source: 'lab',
    text: 'De deelnemer had een afspraak voor de intake, maar kwam niet en liet niets weten. Dit gebeurt vaak, maar wordt weinig vastgelegd. Minder no-shows is beter.',
  },
  intake: {
    source: 'studie',
    text: 'Een gesprek waarin de gemeente samen met de deelnemer kijkt wat het probleem is en wat de deelnemer zelf kan. Daarna maken ze een plan van aanpak.',
  },
  instroom_stabilisatie: {
    source: 'studie',
    text: 'Er is een plan van aanpak en de eerste stap is gezet: de deelnemer begint aan stabilisatie. Eerst komt er een overzicht van schulden, inkomsten, uitgaven en toeslagen.',
  },
  overzicht_gereed: {
    source: 'lab',
    text: 'Het overzicht is klaar: alle schulden, inkomsten, uitgaven en toeslagen staan op een rij. In deze fase vallen de meeste mensen uit.',
  },
  financieel_stabiel: {
    source: 'lab',
    text: 'Inkomsten en uitgaven zijn in evenwicht. Er komen geen nieuwe schulden bij en vaste lasten zoals huur, energie en zorgverzekering worden op tijd betaald.',
  },
  gereed_voor_schuldregeling: {
    source: 'studie',
    text: 'De deelnemer is stabiel, met geld én in het hoofd, en is klaar voor de volgende stap: de schulden regelen met de schuldeisers, via schuldbemiddeling of schuldsanering. In een experiment telt gereed alleen als het binnen de volgduur gebeurt. Dit is meestal de belangrijkste uitkomst.',
  },
  akkoord_schuldregeling: {
    source: 'studie',
    text: 'Er is een regeling gestart: een betalingsregeling, herfinanciering, schuldbemiddeling of schuldsanering.',
  },
  succesvol_afgerond: {
    source: 'lab',
    text: 'Het traject is goed afgesloten: de schulden zijn geregeld en de deelnemer redt het weer zelf.',
  },
  langdurige_stabilisatie: {
    source: 'studie',
    text: 'Inkomsten en uitgaven worden in evenwicht gebracht en gehouden, maar de schulden kunnen nog niet blijvend worden opgelost. De deelnemer krijgt langer hulp (Duurzame Financiële Dienstverlening). Dit is geen uitval en geen einde: later kan alsnog een schuldregeling volgen.',
  },
  informatie_advies: {
    source: 'studie',
    text: 'De deelnemer krijgt uitleg en advies om zelf weer in evenwicht te komen, zonder stabilisatie, budgetbeheer, een schuldregeling of een ander product. Dit is een einde van het traject.',
  },
  andere_oplossing: {
    source: 'lab',
    text: 'De schulden worden op een andere manier opgelost, bijvoorbeeld via de WSNP, een herfinanciering of een 100%-regeling. Dit is een einde van het traject.',
  },
  andere_uitstroom: {
    source: 'lab',
    text: 'De deelnemer is uit beeld om een reden die geen succes en geen uitval is: verhuisd, overleden of anders. Dit is een einde van het traject.',
  },
  uitval: {
    source: 'lab',
    text: 'De hulp stopt voordat de deelnemer gereed is voor een schuldregeling. De reden is één van: afgewezen, buiten behandeling gesteld, zelf ingetrokken, niet meer verschenen of niet in aanmerking. Minder uitval is beter.',
  },
  terugval: {
    source: 'lab',
    text: 'Een deelnemer die al verder was, krijgt opnieuw betalingsachterstanden of schulden. Dit kan meer dan eens gebeuren. Minder terugval is beter.',
  },
  heraanmelding: {
    source: 'lab',
    text: 'Iemand die eerder hulp kreeg, meldt zich opnieuw aan. Dit kan meer dan eens gebeuren.',
  },
  gestabiliseerd: {
    source: 'studie',
    text: 'De deelnemer is gereed voor een schuldregeling, óf blijft stabiel met langdurige hulp. Wat het eerst gebeurt, telt. Zo noemt de studie een stabilisatie geslaagd.',
  },
  rapportcijfer: {
    source: 'lab',
    text: 'Het cijfer van 1 tot en met 10 dat de deelnemer zelf geeft aan de hulp in een fase, zoals een schoolcijfer. Hoger is beter.',
  },
  waardigheid: {
    source: 'lab',
    text: 'Voelt de deelnemer zich met respect behandeld? Een score van 1 (helemaal niet) tot en met 5 (helemaal wel).',
  },
  duidelijkheid: {
    source: 'lab',
    text: 'Weet de deelnemer waar hij of zij staat en wat de volgende stap is? Een score van 1 tot en met 5. Hoger is beter.',
  },
  tempo: {
    source: 'lab',
    text: 'Vindt de deelnemer dat het snel genoeg gaat, zonder lang wachten? Een score van 1 tot en met 5. Hoger is beter.',
  },
  foutloos: {
    source: 'lab',
    text: 'Gaat het zonder fouten, bijvoorbeeld in betalingen of formulieren? Een score van 1 tot en met 5. Hoger is beter.',
  },
  financiele_rust: {
    source: 'lab',
    text: 'Heeft de deelnemer minder zorgen en stress over geld? Een score van 1 tot en met 5. Hoger is beter.',
  },
};

/** The klantbeleving phases, in journey order (PHASES). */
export const PHASE_DEFINITIONS: Record<Phase, string> = {
  aanmelding:
    'De eerste fase: de deelnemer meldt zich en wacht op de intake. Veel mensen voelen dan angst. Klantbeleving in deze fase gaat over de eerste stap.',
  intake:
    'Het eerste gesprek en het plan van aanpak. Mensen voelen zich dan vaak hoopvol. Deze fase begint bij de intake.',
  overzicht:
    'Alle schulden, inkomsten, uitgaven en toeslagen op een rij zetten. Mensen voelen zich dan vaak moedeloos; hier vallen de meeste mensen uit. Deze fase begint bij de instroom in stabilisatie.',
  optimalisatie:
    'Zo veel mogelijk inkomen halen en uitgaven omlaag brengen, bijvoorbeeld met toeslagen en de beslagvrije voet. Mensen voelen dan vaak rust. Deze fase begint als het overzicht klaar is.',
  financiele_stabiliteit:
    'Inkomsten en uitgaven zijn in evenwicht en blijven dat. Fouten geven dan veel frustratie. Deze fase begint als de deelnemer financieel stabiel is.',
};

/**
 * The sector ratios of the study (about 95%, 60% and 85% in 2018): figures about one group of
 * people followed for a year (a cohort, cohort.ts), never a quarter's count divided by another.
 */
export const RATIO_DEFINITIONS: Record<SectorShare, { term: string; text: string }> = {
  intakePerAanmelding: {
    term: 'Intake per aanmelding',
    text: 'Van de mensen die zich in een kwartaal aanmelden: welk deel krijgt binnen een jaar een intake? We volgen die groep (een cohort) een jaar. In 2018 was dat ongeveer 95% (87% tot 100% per gemeente).',
  },
  gereedPerInstroom: {
    term: 'Gereed per instroom',
    text: 'Van de mensen die in een kwartaal aan stabilisatie beginnen: welk deel wordt binnen een jaar gereed voor een schuldregeling? We volgen die groep (een cohort) een jaar. In 2018 was dat ongeveer 60% (42% tot 92% per gemeente).',
  },
  akkoordPerGereed: {
    term: 'Akkoord per gereed',
    text: 'Van de mensen die in een kwartaal gereed worden voor een schuldregeling: welk deel krijgt binnen een jaar een akkoord? We volgen die groep (een cohort) een jaar. In 2018 was dat ongeveer 85% (61% tot 100% per gemeente).',
  },
};

/** The lab's own words for how it counts. */
export const CONCEPT_DEFINITIONS = {
  volgduur: {
    term: 'Volgduur',
    text: 'Het aantal dagen dat we een deelnemer volgen vanaf de inschrijving in het experiment, meestal 180 dagen. Een uitkomst telt alleen als die binnen de volgduur gebeurt.',
  },
  volledig_gevolgd: {
    term: 'Volledig gevolgd',
    text: 'Een deelnemer die al de hele volgduur is ingeschreven. Alleen zij tellen mee in een percentage. Wie pas kort meedoet, telt nog niet mee: anders lijken de percentages te hoog.',
  },
  intention_to_treat: {
    term: 'Intention to treat (iedereen blijft in zijn groep)',
    text: 'Iedere deelnemer telt mee in de groep waarin hij of zij is ingedeeld, ook als het anders liep. Bijvoorbeeld: iemand kreeg geen coaching maar zat in de coachingsgroep. Zo blijft de vergelijking eerlijk.',
  },
  klantprofiel_bij_inschrijving: {
    term: 'Klantprofiel bij inschrijving',
    text: 'Een klantprofiel kan veranderen. De gemeente legt elke verandering vast met de datum waarop die ingaat. In de resultaten telt het profiel op de dag van inschrijving. Verandert het profiel later, dan blijft de deelnemer in dezelfde groep. Is er op de dag van inschrijving nog geen profiel, dan telt de deelnemer als "onbekend".',
  },
  levering: {
    term: 'Levering (wat een groep echt kreeg)',
    text: 'Het plan zegt per groep wat telt als geleverd en hoe vaak, bijvoorbeeld: bon uitgereikt, één keer; of coachingsgesprek gehouden, zes keer. De gemeente legt elke levering vast met de datum. Zo zien we of een groep de nieuwe werkwijze ook echt kreeg. Geeft een groep geen verschil, dan weten we zo of de werkwijze niet hielp of niet werd uitgevoerd.',
  },
  kreeg_het: {
    term: 'Kreeg het, zo vaak als gepland, mediaan aantal keer',
    text: 'Kreeg het: het deel van de ingeschreven deelnemers van een groep met minstens één levering tot de peildatum. Zo vaak als gepland: het deel met minstens zoveel leveringen als het plan zegt. Mediaan aantal keer: de helft van de deelnemers kreeg het minder vaak, de helft vaker; wie niets kreeg telt mee als nul. De vergelijking van de groepen blijft zoals ingeloot (intention to treat).',
  },
  andere_groep_gekregen: {
    term: 'Interventie van een andere groep gekregen',
    text: 'Een deelnemer kreeg wat bij een andere groep hoort, bijvoorbeeld iemand uit de controlegroep kreeg toch een bon. Dat mag worden vastgelegd en telt apart. De deelnemer blijft in de eigen groep (intention to treat); veel van zulke gevallen maken een verschil tussen de groepen kleiner.',
  },
  controlegroep: {
    term: 'Controlegroep',
    text: 'De groep deelnemers die de gewone werkwijze krijgt. We vergelijken de andere groepen daarmee.',
  },
  loting: {
    term: 'Loting',
    text: 'Het platform deelt deelnemers door het lot in een groep in. Zo zijn de groepen gemiddeld gelijk en kan een verschil komen door de nieuwe werkwijze.',
  },
  percentage_gereed: {
    term: 'Percentage (bijvoorbeeld percentage gereed)',
    text: 'Het aantal volledig gevolgde deelnemers dat de uitkomst binnen de volgduur bereikte, gedeeld door alle volledig gevolgde deelnemers in die groep.',
  },
  interval: {
    term: '95%-interval',
    text: 'De echte waarde ligt waarschijnlijk tussen deze twee getallen. Hoe meer deelnemers, hoe smaller het interval.',
  },
  klantbeleving: {
    term: 'Klantbeleving',
    text: 'Hoe de deelnemer de hulp ervaart: een rapportcijfer, vijf vragen (waardigheid, duidelijkheid, tempo, zonder fouten, financiële rust) en een emotie. We meten dit per fase van de hulp.',
  },
  negatieve_beleving: {
    term: 'Negatieve beleving',
    text: 'Een eerste score in een fase met de emotie angst, moedeloos of frustratie, of met een rapportcijfer lager dan 6. Een score met een andere emotie of een cijfer van 6 of hoger telt bij de anderen. Een score zonder emotie en zonder cijfer telt niet mee.',
  },
  uitval_na_beleving: {
    term: 'Uitval na de meting (samenhang)',
    text: 'Van de deelnemers die in een fase een score gaven: welk deel viel uit binnen de volgduur na de dag van de meting? Alleen wie de hele volgduur na de meting gevolgd is, telt mee. Wie op of vóór de dag van de meting al uitviel, telt niet mee. We vergelijken deelnemers met een negatieve beleving met de anderen. Dit is een samenhang, geen bewijs dat het een het ander veroorzaakt.',
  },
  relatief_risico: {
    term: 'Relatief risico',
    text: 'Hoeveel keer zo vaak iets gebeurt in de ene groep als in de andere. 1 betekent even vaak; 2 betekent twee keer zo vaak.',
  },
  uitval_voor_fase: {
    term: 'Uitval vóór een fase',
    text: 'Het deel van de ingeschreven deelnemers dat uitviel voordat het deze fase bereikte. Klantbeleving in een latere fase meten we alleen bij wie dan nog meedoet. Verschilt dit deel tussen de groepen 5 procentpunten of meer, dan staat bij de vergelijking van die fase een waarschuwing.',
  },
  analysebestand: {
    term: 'Analysebestand',
    text: 'Een bestand met één regel per ingeschreven deelnemer (alleen de code, nooit een naam), voor onderzoekers die zelf willen rekenen in R, SPSS of Excel. Erbij: een uitleg van elke kolom en R-opdrachten die de belangrijkste vergelijking opnieuw uitrekenen. Alleen voor projectleiders en beheerders; elke download wordt vastgelegd.',
  },
  gecensureerd: {
    term: 'Gecensureerd (nog geen einde)',
    text: 'Een deelnemer van wie het traject op de peildatum nog niet is geëindigd. We weten dan alleen dat het einde later komt. De berekening van de tijd tot gereed of uitval telt zo iemand mee tot de peildatum, niet als uitval en niet als gereed.',
  },
  cohort: {
    term: 'Cohort',
    text: 'Een groep mensen die in hetzelfde kwartaal bij dezelfde stap kwam, bijvoorbeeld iedereen die in 2025-Q3 aan stabilisatie begon. We volgen die groep een jaar. Het rapport van een kwartaal kijkt naar het cohort van een jaar eerder: instroom in 2025-Q3 staat in het rapport van 2026-Q3.',
  },
  kans_binnen_een_jaar: {
    term: 'Kans binnen een jaar (verhouding per cohort)',
    text: 'Welk deel van een cohort de volgende stap binnen 365 dagen bereikte. Wie eerst uitviel of op een andere manier stopte, bereikte de stap niet. Wie nog wacht en korter dan een jaar gevolgd is, telt mee zolang we hem of haar volgen. Zo rekenen we met de Aalen-Johansen-methode.',
  },
  aantal_in_kwartaal: {
    term: 'Aantal in het kwartaal (stroom)',
    text: 'Hoeveel deelnemers een stap in dit kwartaal bereikten. Dit is een telling. Deel je twee tellingen van hetzelfde kwartaal door elkaar, dan deel je verschillende mensen door elkaar: wie nu gereed is, begon meestal eerder. Daarom staan de verhoudingen per cohort.',
  },
  alleen_totalen: {
    term: 'Alleen totalen aangeleverd',
    text: 'Een gemeente die per kwartaal alleen totalen aanlevert en geen gegevens per deelnemer. Haar aantallen tellen mee in de sector. Een verhouding per cohort kan niet: daarvoor moeten we dezelfde mensen volgen.',
  },
  datakwaliteit: {
    term: 'Datakwaliteit',
    text: 'Hoe volledig en betrouwbaar de gegevens zijn. Bij elk cijfer staat waar het vandaan komt: uit de bron, samengesteld uit andere cijfers, of een schatting.',
  },
} as const satisfies Record<string, { term: string; text: string }>;
export type Concept = keyof typeof CONCEPT_DEFINITIONS;

/** What every klantprofiel subgroup in results and reports says (klantprofiel_bij_inschrijving). */
export const SUBGROUP_PROFILE_NOTE =
  'Het klantprofiel is dat op de dag van inschrijving, ook als het later veranderde.';

/** The groups of the Begrippen page, in the order they are shown. */
export const BEGRIP_GROUPS = [
  { key: 'mijlpalen', title: 'Stappen en uitkomsten van het traject' },
  { key: 'klantbeleving', title: 'Klantbeleving: scores en fasen' },
  { key: 'verhoudingen', title: 'Verhoudingen in de sector' },
  { key: 'tellen', title: 'Hoe we tellen en vergelijken' },
  { key: 'werkwijze', title: 'Werkwijze van de gemeente' },
] as const;
export type BegripGroup = (typeof BEGRIP_GROUPS)[number]['key'];

const SCORE_KEYS = new Set(['rapportcijfer', 'waardigheid', 'duidelijkheid', 'tempo', 'foutloos', 'financiele_rust']);

/** Every definition, grouped as the page shows them. */
export function begrippen(): (Begrip & { group: BegripGroup })[] {
  const metrics = (Object.keys(METRIC_DEFINITIONS) as Metric[]).map((m) => ({
    key: m,
    term: Object.hasOwn(COMPOSITE_METRIC_LABELS, m) ? 'Gestabiliseerd' : METRIC_LABELS[m],
    text: METRIC_DEFINITIONS[m].text,
    source: METRIC_DEFINITIONS[m].source,
    group: (SCORE_KEYS.has(m) ? 'klantbeleving' : 'mijlpalen') as BegripGroup,
  }));
  return [
    ...metrics.filter((b) => b.group === 'mijlpalen'),
    ...metrics.filter((b) => b.group === 'klantbeleving'),
    ...(Object.keys(PHASE_DEFINITIONS) as Phase[]).map((p) => ({
      key: `fase.${p}`,
      term: `Fase: ${PHASE_LABELS[p]}`,
      text: PHASE_DEFINITIONS[p],
      source: 'lab' as const,
      group: 'klantbeleving' as const,
    })),
    ...(Object.keys(RATIO_DEFINITIONS) as SectorShare[]).map((s) => ({
      key: `ratio.${s}`,
      ...RATIO_DEFINITIONS[s],
      source: 'studie' as const,
      group: 'verhoudingen' as const,
    })),
    ...(Object.keys(CONCEPT_DEFINITIONS) as Concept[]).map((c) => ({
      key: `begrip.${c}`,
      ...CONCEPT_DEFINITIONS[c],
      source: 'lab' as const,
      group: 'tellen' as const,
    })),
    ...(Object.keys(CONTEXT_DEFINITIONS) as ContextConcept[]).map((c) => ({
      key: `context.${c}`,
      ...CONTEXT_DEFINITIONS[c],
      // the study's words (its organisatieanalyse, not appendix D), written down by the lab
      source: 'lab' as const,
      group: 'werkwijze' as const,
    })),
  ];
}

/** The definition of a metric, phase (`fase.x`), ratio (`ratio.x`), concept (`begrip.x`) or context term (`context.x`), if there is one. */
export function definitionOf(key: string): Begrip | undefined {
  return begrippen().find((b) => b.key === key);
}

/** Where a definition came from, in words. */
export const SOURCE_LABELS: Record<DefinitionSource, string> = {
  studie: 'Uit de studie van 2019 (bijlage D)',
  lab: 'Afspraak van het living lab',
};
