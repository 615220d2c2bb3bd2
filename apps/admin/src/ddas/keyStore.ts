import { keyFingerprint, parseKeyFile, participantCodeForBsn, type DdasKeyFile } from '@living-lab/ddas';
import { isBsn } from '@living-lab/domain';
import { useSyncExternalStore } from 'react';

/**
 * The gemeente's DDAS key as this browser tab holds it. The key never leaves the browser: it is kept
 * in sessionStorage (gone when the tab closes, removed at logout) and used only by the code here and
 * in the conversion worker. The API receives at most its fingerprint.
 */
export interface LoadedKey {
  key: DdasKeyFile;
  /** the fingerprint computed from the key itself (not the one written in the file) */
  fingerprint: string;
  /** the lab's gemeente code this key was loaded for */
  gemeente: string;
}

export const KEY_STORAGE = 'lab.ddasKey';
const listeners = new Set<() => void>();
let cached: { raw: string | null; value: LoadedKey | null } = { raw: null, value: null };

function read(): LoadedKey | null {
  const raw = sessionStorage.getItem(KEY_STORAGE);
  if (raw === cached.raw) return cached.value;
  let value: LoadedKey | null;
  try {
    value = raw ? (JSON.parse(raw) as LoadedKey) : null;
  } catch {
    value = null;
  }
  cached = { raw, value };
  return value;
}

function notify() {
  for (const l of listeners) l();
}

export const ddasKey = {
  get: read,
  /** Keeps a key for this tab, after checking that the file is a key and computing its fingerprint. */
  async load(key: DdasKeyFile, gemeente: string): Promise<LoadedKey> {
    const fingerprint = await keyFingerprint(key.sleutel);
    const loaded: LoadedKey = { key, fingerprint, gemeente };
    sessionStorage.setItem(KEY_STORAGE, JSON.stringify(loaded));
    notify();
    return loaded;
  },
  /** Reads a key file chosen by the user; a file that is not a key throws with a Dutch message. */
  async loadFile(file: File, gemeente: string): Promise<LoadedKey> {
    if (file.size > 64 * 1024) throw new Error('Dit bestand is te groot voor een sleutelbestand.');
    return this.load(parseKeyFile(await file.text()), gemeente);
  },
  forget() {
    sessionStorage.removeItem(KEY_STORAGE);
    notify();
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

/** The key loaded in this tab, or null; re-renders when it is loaded or forgotten. */
export function useDdasKey(): LoadedKey | null {
  return useSyncExternalStore(ddasKey.subscribe, read, () => null);
}

/** The nine digits of a BSN as typed (spaces, dots or dashes allowed), or null when the text is no BSN. */
export function bsnDigits(text: string): string | null {
  if (!isBsn(text.trim())) return null;
  const digits = text.normalize('NFKC').replace(/\D/g, '');
  return digits.length === 9 ? digits : null;
}

/** Nine digits, perhaps with spaces, dots or dashes, that fail the elfproef: a mistyped BSN, never sent. */
export function looksLikeBsn(text: string): boolean {
  return /^\d[\d .-]{7,14}\d$/.test(text.trim()) && text.replace(/\D/g, '').length === 9 && !bsnDigits(text);
}

/**
 * What a participant field holds after the browser has replaced a BSN: the participant code (a BSN
 * with the loaded key of the same gemeente), the text itself (no BSN), or a Dutch refusal. A BSN is
 * never returned, so it can never be sent.
 */
export async function participantRefFor(
  text: string,
  key: LoadedKey | null,
  gemeente: string | null | undefined,
): Promise<{ ref: string; fromBsn: boolean } | { refused: string }> {
  const bsn = bsnDigits(text);
  if (!bsn && looksLikeBsn(text))
    return {
      refused:
        'Dit nummer van 9 cijfers lijkt op een BSN, maar klopt niet (elfproef). Controleer het nummer. Is het uw eigen code? Zet er dan een letter voor, bijvoorbeeld Z-123456789.',
    };
  if (!bsn) return { ref: text.trim(), fromBsn: false };
  if (!key)
    return {
      refused:
        'Dit is een BSN. Een BSN sturen we nooit naar het lab. Open eerst de DDAS-sleutel van uw gemeente (menu “DDAS-sleutel”); dan maakt deze computer er de code van de deelnemer van.',
    };
  if (gemeente && key.gemeente !== gemeente)
    return {
      refused: `De geopende DDAS-sleutel is van een andere gemeente (${key.gemeente}). Open de sleutel van deze gemeente.`,
    };
  return { ref: await participantCodeForBsn(key.key.sleutel, bsn), fromBsn: true };
}

/** Offers a text as a file download, made in the browser (nothing is sent). */
export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
