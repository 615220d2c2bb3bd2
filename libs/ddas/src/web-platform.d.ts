/**
 * The few Web platform APIs this package uses, as Node ≥ 20 and every browser provide them. The
 * package's own tsconfig has neither the DOM lib nor Node's types (so `document`, `Buffer` or
 * `node:crypto` do not compile here); this file declares just what the package calls, with the
 * signatures of the DOM lib narrowed to the calls made. It is part of this package's tsconfig
 * only: programs that compile these sources with the DOM lib (the web app) or Node's types (the
 * specs) use their own declarations, and the code names no type that only one of them has
 * (crypto.ts takes its key type from `crypto.subtle.importKey`).
 */

/** An imported key: opaque to this package. */
interface WebPlatformCryptoKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: { readonly name: string };
  readonly usages: readonly string[];
}

// eslint-disable-next-line no-var -- a global (globalThis.crypto) is declared with var
declare var crypto: {
  getRandomValues<T extends Uint8Array<ArrayBuffer>>(array: T): T;
  readonly subtle: {
    importKey(
      format: 'raw',
      keyData: Uint8Array<ArrayBuffer>,
      algorithm: { name: 'HMAC'; hash: 'SHA-256' },
      extractable: boolean,
      keyUsages: 'sign'[],
    ): Promise<WebPlatformCryptoKey>;
    sign(algorithm: 'HMAC', key: WebPlatformCryptoKey, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  };
};

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare function btoa(data: string): string;
declare function atob(data: string): string;
declare function setTimeout(handler: (...args: unknown[]) => void, timeout?: number): unknown;
