import {
  isBsn,
  isIban,
  personalDataInColumn,
  personalDataInText,
  personalDataInValue,
  PRIVACY_MESSAGES,
} from './privacy-guard';

describe('privacy guard', () => {
  it('knows a BSN by the elfproef, and lets other nine-digit numbers through as references', () => {
    expect(isBsn('111222333')).toBe(true);
    expect(isBsn('123456782')).toBe(true);
    expect(isBsn('1112.22.333')).toBe(true);
    expect(isBsn('123456789')).toBe(false); // fails the elfproef: an ordinary number
    expect(isBsn('000000000')).toBe(false);
    expect(personalDataInValue('111222333')).toBe('bsn');
    expect(personalDataInValue('123456789')).toBeNull();
  });

  it.each([
    '111_222_333',
    '111/222/333',
    '111 222 333',
    '111.222.333',
    '111-222-333',
    'P-111222333',
    'P111222333',
    'BSN111222333',
    'bsn 111 222 333',
    'BSN: 111.222.333',
    'NL-111222333',
    'NLBSN-111222333',
    '(111) 222-333',
    '111222333.',
    '_111_222_333_',
    '\uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13', // fullwidth digits
    'P\u2011111\u2011222\u2011333', // non-breaking hyphens
    '111\u200b222\u200b333', // zero-width spaces
  ])('knows the BSN in %j, whatever the separators or a short letter prefix', (v) => {
    expect(isBsn(v)).toBe(true);
    expect(personalDataInValue(v)).toBe('bsn');
  });

  it.each([
    '2026-000123', // a case number: longer than nine digits
    '1112223330',
    'P-1112223334',
    'DOSSIER-111222333', // a long word is not a short prefix
    'P-123456789', // fails the elfproef
    '111222333X', // a suffix makes it another code
    'P12-111222333',
    'A-000000000',
  ])('does not take %j for a BSN', (v) => {
    expect(isBsn(v)).toBe(false);
  });

  it('says in Dutch why a BSN is refused', () => {
    expect(PRIVACY_MESSAGES.bsn).toMatch(/BSN/);
    expect(PRIVACY_MESSAGES.bsn).toMatch(/elfproef/);
  });

  it('knows IBANs by their check digits', () => {
    expect(isIban('NL91ABNA0417164300')).toBe(true);
    expect(isIban('NL91 ABNA 0417 1643 00')).toBe(true);
    expect(isIban('NL92ABNA0417164300')).toBe(false);
    expect(personalDataInValue('NL91ABNA0417164300')).toBe('iban');
  });

  it.each([
    ['jan.jansen@example.nl', 'email'],
    ['06-12345678', 'telefoon'],
    ['0612345678', 'telefoon'],
    ['+31 6 12345678', 'telefoon'],
    ['020 123 4567', 'telefoon'],
    ['Dorpsstraat 12', 'adres'],
    ['1234 AB', 'adres'],
    ['Jan de Vries', 'naam'],
    ['J. Jansen', 'naam'],
    ['Maria van der Berg', 'naam'],
    ['Jansen, J.', 'naam'],
  ])('refuses %s as %s', (value, kind) => {
    expect(personalDataInValue(value)).toBe(kind);
  });

  it.each([
    'P-000123',
    'lindewaard',
    'gereed_voor_schuldregeling',
    '2026-03-01',
    '01-03-2026',
    'B-12',
    '7',
    'zelf_ingetrokken',
    'abc/123.x',
    '612345678',
    'Intake',
  ])('accepts %s', (value) => {
    expect(personalDataInValue(value)).toBeNull();
  });

  it('knows columns that announce personal data', () => {
    expect(personalDataInColumn('BSN')).toBe('bsn');
    expect(personalDataInColumn('Achternaam')).toBe('naam');
    expect(personalDataInColumn('naam')).toBe('naam');
    expect(personalDataInColumn('Straat')).toBe('adres');
    expect(personalDataInColumn('postcode')).toBe('adres');
    expect(personalDataInColumn('Telefoonnummer')).toBe('telefoon');
    expect(personalDataInColumn('e-mail')).toBe('email');
    expect(personalDataInColumn('IBAN')).toBe('iban');
    expect(personalDataInColumn('gemeente_naam')).toBeNull();
    expect(personalDataInColumn('participant_ref')).toBeNull();
    expect(personalDataInColumn('occurred_on')).toBeNull();
  });
});

describe('personal data in free text', () => {
  it('finds a BSN, e-mail, IBAN, phone number or address inside a sentence', () => {
    expect(personalDataInText('Cliënt 111222333 viel uit na de intake.')).toBe('bsn');
    expect(personalDataInText('Cliënt 111.222.333 viel uit.')).toBe('bsn');
    expect(personalDataInText('Mail j.jansen@example.nl even.')).toBe('email');
    expect(personalDataInText('Rekening NL91 ABNA 0417 1643 00 is geblokkeerd.')).toBe('iban');
    expect(personalDataInText('Bel 06-12345678 voor uitleg.')).toBe('telefoon');
    expect(personalDataInText('Zij woont aan de Dorpsstraat 12.')).toBe('adres');
  });
  it('lets ordinary reflection sentences through, with numbers, quarters and percentages', () => {
    expect(personalDataInText('In 2026-Q3 was 61,5% gereed; 123456789 is geen BSN.')).toBeNull();
    expect(personalDataInText('Wekelijkse Coaching gaat door in Gemeente B en Lindewaard.')).toBeNull();
    expect(personalDataInText('Zaak 2026-000123 liep 180 dagen.')).toBeNull();
  });
});
