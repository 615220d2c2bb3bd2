import { BELEVING_ITEMS, EMOTIONS, type BelevingItem, type Emotion, type Phase } from '@living-lab/domain';

/**
 * The client's own version of the standard klantbeleving instrument (domain.md): the same codes
 * and scales as the staff form, worded in plain B1 Dutch, one question per screen. Nothing here
 * asks for personal data.
 */
export const PHASE_WORDS: Record<Phase, string> = {
  aanmelding: 'uw aanmelding',
  intake: 'het intakegesprek',
  overzicht: 'het maken van een overzicht van uw geldzaken',
  optimalisatie: 'het regelen van uw inkomen en uitgaven',
  financiele_stabiliteit: 'de periode waarin uw geldzaken rustig worden',
};

const AGREE = [
  { value: 1, label: 'Helemaal niet waar' },
  { value: 2, label: 'Niet waar' },
  { value: 3, label: 'Een beetje waar' },
  { value: 4, label: 'Waar' },
  { value: 5, label: 'Helemaal waar' },
];

const ITEM_TEXT: Record<BelevingItem, string> = {
  waardigheid: 'Ik word met respect behandeld.',
  duidelijkheid: 'Ik weet waar ik sta en wat de volgende stap is.',
  tempo: 'Het gaat snel genoeg. Ik hoef niet lang te wachten.',
  foutloos: 'Er gaat niets mis, bijvoorbeeld met betalingen of brieven.',
  financiele_rust: 'Ik heb rust als ik aan geld denk.',
};

const EMOTION_TEXT: Record<Emotion, string> = {
  angst: 'Bang',
  hoopvol: 'Hoopvol',
  moedeloos: 'Moedeloos',
  rust: 'Rustig',
  frustratie: 'Boos of gefrustreerd',
};

export interface ClientQuestion {
  field: string;
  text: string;
  help?: string;
  options: { value: number | string; label: string }[];
}

export function clientQuestions(): ClientQuestion[] {
  return [
    {
      field: 'rapportcijfer',
      text: 'Welk cijfer geeft u de hulp tot nu toe?',
      help: '1 is heel slecht. 10 is heel goed.',
      options: Array.from({ length: 10 }, (_, i) => ({ value: i + 1, label: String(i + 1) })),
    },
    ...BELEVING_ITEMS.map((item) => ({
      field: item,
      text: ITEM_TEXT[item],
      help: 'Klopt dit voor u?',
      options: AGREE,
    })),
    {
      field: 'emotie',
      text: 'Welk woord past het best bij hoe u zich nu voelt?',
      options: EMOTIONS.map((e) => ({ value: e, label: EMOTION_TEXT[e] })),
    },
  ];
}
