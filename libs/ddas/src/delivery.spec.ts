import ddasSchema from './schema/json_schema_Uitwisselmodel.json';
import {
  BEGELEIDINGSSOORTEN,
  BESCHIKKINGSSOORTEN,
  OPLOSSINGSSOORTEN,
  SCHULDSOORTEN,
  UITSTROOMREDENEN,
} from './delivery';

describe('DDAS code lists', () => {
  it('are typed exactly as the specification schema lists them', () => {
    const defs = ddasSchema.$defs;
    expect(BEGELEIDINGSSOORTEN).toEqual(defs.EnumBegeleidingssoort.enum);
    expect(BESCHIKKINGSSOORTEN).toEqual(defs.EnumBeschikkingssoort.enum);
    expect(UITSTROOMREDENEN).toEqual(defs.EnumUitstroomreden.enum);
    expect(SCHULDSOORTEN).toEqual(defs.EnumSchuldensoort.enum);
    expect(OPLOSSINGSSOORTEN).toEqual(defs.EnumOplossingssoort.enum);
  });
});
