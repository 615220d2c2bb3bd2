import { isBsn, isIban, personalDataInColumn, personalDataInValue } from './privacy-guard';

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
