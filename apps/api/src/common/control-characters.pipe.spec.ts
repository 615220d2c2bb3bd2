import { DomainError } from '@living-lab/domain';
import { ControlCharactersPipe, MAX_INPUT_DEPTH } from './control-characters.pipe';

const pipe = new ControlCharactersPipe();
const refusal = (value: unknown): DomainError => {
  try {
    pipe.transform(value);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
};
const nested = (depth: number, leaf: unknown = 1, array = false): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
  return v;
};

describe('ControlCharactersPipe', () => {
  it('passes ordinary values through unchanged', () => {
    const body = { title: 'Tab\tnieuwe regel\n', arms: [{ key: 'a' }], n: 3, none: null };
    expect(pipe.transform(body)).toBe(body);
    expect(pipe.transform('tekst')).toBe('tekst');
    expect(pipe.transform(undefined)).toBeUndefined();
    expect(pipe.transform(nested(MAX_INPUT_DEPTH))).toEqual(nested(MAX_INPUT_DEPTH));
  });

  it('names every field with a control character', () => {
    const e = refusal({ title: 'a\u0000b', arms: [{ name: 'ok' }, { name: 'x\u001b' }] });
    expect(e.code).toBe('input.invalid');
    expect(e.problems.map((p) => p.field).sort()).toEqual(['arms[1].name', 'title']);
    expect(refusal('\u0007').problems[0].field).toBe('(waarde)');
  });

  it.each([
    ['objects', false],
    ['arrays', true],
  ])('refuses %s nested deeper than the limit with input.too_deep, at 2,000 and 100,000 levels too', (_, array) => {
    for (const depth of [MAX_INPUT_DEPTH + 1, 2_000, 100_000]) {
      const e = refusal(nested(depth, 'x', array));
      expect(e.code).toBe('input.too_deep');
      expect(e.problems).toEqual([
        { field: expect.any(String), message: expect.stringMatching(/te diep/), code: 'input.too_deep' },
      ]);
    }
  });

  it('walks a million elements without recursion, and lists at most 20 problems', () => {
    const wide = new Array(1_000_000).fill('ok');
    expect(pipe.transform(wide)).toBe(wide);
    const bad = new Array(1_000_000).fill('\u0001');
    expect(refusal(bad).problems).toHaveLength(20);
  });

  it('looks at own keys such as __proto__ and constructor like any other', () => {
    const body = JSON.parse('{"__proto__": {"x": "a\\u0000"}, "constructor": {"prototype": "b\\u0001"}}');
    expect(
      refusal(body)
        .problems.map((p) => p.field)
        .sort(),
    ).toEqual(['__proto__.x', 'constructor.prototype']);
  });
});

describe('ControlCharactersPipe on bodies', () => {
  class SomeDto {
    name?: string;
  }
  it('refuses a list where a form is expected, and leaves plain bodies alone', () => {
    expect(() => pipe.transform([1, 2, 3], { type: 'body', metatype: SomeDto })).toThrow(DomainError);
    expect(pipe.transform([1, 2], { type: 'body', metatype: Object })).toEqual([1, 2]);
    expect(pipe.transform([1, 2], { type: 'query', metatype: SomeDto })).toEqual([1, 2]);
  });
});
