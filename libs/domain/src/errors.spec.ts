import { DomainError, ERROR_CATALOGUE, type ErrorCode, fieldError, formatErrorMessage, invalidField } from './errors';

describe('error catalogue', () => {
  const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

  it('has codes of the form area.what and a Dutch sentence for each', () => {
    for (const code of codes) {
      expect(code).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(ERROR_CATALOGUE[code].message).toMatch(/^[A-Z"].*[.?!]$/);
    }
  });

  it('fills placeholders from params and leaves a missing one visible', () => {
    expect(formatErrorMessage('gemeente.not_found', { gemeente: 'GM0363' })).toBe('Gemeente "GM0363" bestaat niet.');
    expect(formatErrorMessage('gemeente.not_found')).toBe('Gemeente "{gemeente}" bestaat niet.');
  });

  it('carries code, kind, field and problems', () => {
    const e = fieldError('user.exists', 'username');
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ code: 'user.exists', kind: 'bad_input', field: 'username' });
    expect(e.problems).toEqual([
      { field: 'username', message: 'Deze gebruikersnaam bestaat al.', code: 'user.exists' },
    ]);
    expect(invalidField('x', 'Te lang.').problems).toEqual([{ field: 'x', message: 'Te lang.' }]);
  });

  it('speaks plain Dutch to staff: no field names, routes, research jargon or raw codes', () => {
    for (const code of codes) {
      const m = ERROR_CATALOGUE[code].message.replace(/\{\w+\}/g, '{}');
      expect({ code, m }).toEqual({ code, m: expect.not.stringMatching(/supersedes|\b(POST|PATCH|GET)\b|\/api\//) });
      expect({ code, m }).toEqual({
        code,
        m: expect.not.stringMatching(/\b(arm|armen|amendement|design|allocation|key)\b/i),
      });
      expect({ code, m }).toEqual({ code, m: expect.not.stringMatching(/\b[a-z]+_[a-z_]+\b/) }); // e.g. financiele_stabiliteit
    }
  });
});
