/**
 * The DDAS v1.0 delivery as the specification's JSON Schema describes it
 * (schema/json_schema_Uitwisselmodel.json, a copy of VNG-Realisatie/ddas v1.0). Only what the
 * package reads is typed precisely; validateDelivery guarantees the rest matches the schema.
 */
export const BEGELEIDINGSSOORTEN = [
  'Budgetcoaching',
  'Budgetbeheer',
  'Beschermingsbewind',
  'Lange Termijn Begeleiding (DFD)',
  'Budgetbegeleiding',
] as const;
export const BESCHIKKINGSSOORTEN = ['Afwijzingsbeschikking', 'Toelatingsbeschikking'] as const;
export const UITSTROOMREDENEN = [
  'Overleden',
  'Verhuisd',
  'Nietverschenen',
  'Ingetrokken',
  'Niet passend',
  'Overig',
  'Voldoet niet',
  'Afgerond',
  'Zelf',
] as const;
export const SCHULDSOORTEN = ['Zorg', 'Publiek', 'Nuts', 'Overig'] as const;
export const OPLOSSINGSSOORTEN = [
  'Betalingsregeling',
  'Herfinanciering',
  'Saneringskrediet',
  'Schuldbemiddeling',
  '0%-aanbod',
] as const;

export type Begeleidingssoort = (typeof BEGELEIDINGSSOORTEN)[number];
export type Beschikkingssoort = (typeof BESCHIKKINGSSOORTEN)[number];
export type Uitstroomreden = (typeof UITSTROOMREDENEN)[number];
export type Schuldsoort = (typeof SCHULDSOORTEN)[number];
export type Oplossingssoort = (typeof OPLOSSINGSSOORTEN)[number];

/** A date 'YYYY-MM-DD'. */
export type DdasDate = string;
export interface Periode {
  startdatum?: DdasDate;
  einddatum?: DdasDate;
}

export interface DdasClient {
  Burgerservicenummer?: string;
  Geboortedatum?: string;
  Geslachtsaanduiding?: string;
  Postcode?: string;
  Huisnummer?: string;
  Huisnummertoevoeging?: string;
}

export interface DdasSchuld {
  bedrag?: number;
  peildatum?: DdasDate;
  schuldsoort?: Schuldsoort;
  zakelijkeSchuld?: boolean;
  schuldeiser?: Record<string, unknown>;
}

/** The phases of a trajectory that are kept as they are (ddas-mapping.md §1). */
export interface TrajectoryPhases {
  startdatum?: DdasDate;
  einddatum?: DdasDate;
  toekenningsdatum?: DdasDate;
  aanmelding?: Periode & { crisisinterventie?: boolean };
  begeleiding?: (Periode & { soort?: Begeleidingssoort })[];
  crisisinterventies?: Periode[];
  informatieEnAdvies?: Periode;
  intake?: Periode & { beschikkingsdatum?: DdasDate; beschikkingssoort?: Beschikkingssoort };
  moratoria?: (Periode & { datumAanvraag?: DdasDate; datumGoedkeuring?: DdasDate })[];
  nazorg?: Periode;
  planVanAanpak?: { datumAfronding?: DdasDate };
  schuldregeling?: {
    datum?: DdasDate;
    toegekend?: DdasDate;
    afgewezen?: DdasDate;
    ingetrokken?: DdasDate;
    dwangakkoord?: boolean;
    datumVerzoekDwangakkoord?: DdasDate;
  };
  voorlopigeVoorzieningen?: Periode[];
  stabilisatie?: Periode;
}

export interface DdasTrajectory extends TrajectoryPhases {
  gemeentecode: string;
  omschrijving?: string;
  totaalSchuldbedragBijAanvangSchuld?: number;
  client?: DdasClient[];
  oplossing?: Periode & { soort?: Oplossingssoort; vtlb?: number };
  uitstroom?: {
    datum?: DdasDate;
    datumBeeindigingsbeschikking?: DdasDate;
    omschrijving?: string;
    reden?: Uitstroomreden;
  };
  schulden?: DdasSchuld[];
}

export interface DdasLevering {
  teller: number;
  aanleverende_organisatie: { gemeentecode?: string } & Record<string, unknown>;
  schuldhulptrajecten?: DdasTrajectory[];
}

export interface DdasDelivery {
  startdatumLevering: DdasDate;
  einddatumLevering: DdasDate;
  aanleverdatumEnTijd: string;
  codeGegevensleverancier: string;
  leveringen: DdasLevering[];
}
