/** Small DDAS deliveries for the specs: valid as they are, changed by `extra`. */
export function delivery(trajecten: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return {
    startdatumLevering: '2024-01-01',
    einddatumLevering: '2024-12-31',
    aanleverdatumEnTijd: '2024-12-31T23:59:59Z',
    codeGegevensleverancier: 'GL1',
    leveringen: [{ teller: 1, aanleverende_organisatie: { gemeentecode: 'GM0363' }, schuldhulptrajecten: trajecten }],
    ...extra,
  };
}

/** A trajectory of gemeente GM0363 whose client has BSN 123456782 (passes the elfproef). */
export const traject = (extra: Record<string, unknown> = {}) => ({
  gemeentecode: 'GM0363',
  client: [{ Burgerservicenummer: '123456782' }],
  ...extra,
});
