import { csvField, isFormulaLike, spreadsheetText } from './spreadsheet';

describe('spreadsheet formula neutralisation', () => {
  it.each([
    '=HYPERLINK("http://x")',
    '+1+1',
    '-1+1',
    '@SUM(1;1)',
    '\t=1+1',
    '\r=1+1',
    '\tanything',
    '\ranything',
    '  =1+1',
    '\n=1+1',
    '\u00a0=1+1',
    '\uff1d1+1',
    '-',
    '+',
    '=',
    '- bullet',
    "=cmd|' /C calc'!A0",
  ])('neutralises %j', (v) => {
    expect(isFormulaLike(v)).toBe(true);
    expect(spreadsheetText(v)).toBe(`'${v}`);
  });

  it.each([
    '-12',
    '+3',
    '-3,5',
    '0.5',
    '-.5',
    '1.5e3',
    '-1E-3',
    'admin',
    'P-000123',
    'a=b',
    '2026-03-01',
    '',
    ' ',
    "'=1",
  ])('leaves %j as it is', (v) => {
    expect(isFormulaLike(v)).toBe(false);
    expect(spreadsheetText(v)).toBe(v);
  });

  it('writes CSV fields: numbers stay numbers, text is neutralised, then quoted where needed', () => {
    expect(csvField(-5, ';')).toBe('-5');
    expect(csvField('-5', ';')).toBe('-5');
    expect(csvField(null, ';')).toBe('');
    expect(csvField(null, ',', true)).toBe('""');
    expect(csvField('=HYPERLINK("http://x")', ';')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1+1', ';')).toBe("'+1+1");
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a;b', ',')).toBe('a;b');
    expect(csvField('a,b', ',')).toBe('"a,b"');
    expect(csvField('x', ',', true)).toBe('"x"');
    expect(csvField({ actor: '=1+1' }, ';')).toBe('"{""actor"":""=1+1""}"');
    expect(csvField(new Date('2026-01-02T03:04:05Z'), ',')).toBe('2026-01-02T03:04:05.000Z');
  });
});
