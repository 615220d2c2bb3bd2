import { api } from '../http';

/** What the DDAS pages read of a gemeente (GET /gemeenten/{code}). */
export interface GemeenteDdas {
  code: string;
  naam: string;
  /** the CBS code, GM + 4 digits */
  cbsCode?: string | null;
  /** the fingerprint of the key the gemeente registered, if any */
  ddasKeyFingerprint?: string | null;
}

const enc = encodeURIComponent;

export const ddasApi = {
  gemeente: async (code: string) => (await api<GemeenteDdas>(`/gemeenten/${enc(code)}`)).json,
  gemeenten: async () => (await api<GemeenteDdas[]>('/gemeenten', { query: { perPage: 1000 } })).json,
  /** Registers the key's fingerprint, and only that: the key itself is never sent. */
  registerFingerprint: async (code: string, fingerprint: string) =>
    (
      await api<GemeenteDdas>(`/gemeenten/${enc(code)}/ddas-key`, {
        method: 'PUT',
        body: JSON.stringify({ fingerprint }),
      })
    ).json,
};
