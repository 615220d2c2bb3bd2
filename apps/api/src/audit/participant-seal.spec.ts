import {
  ERASED_REFERENCE,
  newParticipantKey,
  openSealed,
  openSealedValue,
  sealReference,
  sealedKeyIds,
} from './participant-seal';

describe('participant references sealed in audit entries', () => {
  const k = newParticipantKey();
  const keys = new Map([[k.id, k.key]]);

  it('opens with the key, and reads "gewist" without it', () => {
    const sealed = sealReference('KL-0042', k);
    expect(sealed).toMatch(/^enc:v1:[0-9a-f-]{36}:[\w-]+$/);
    expect(sealed).not.toContain('KL-0042');
    expect(sealReference('KL-0042', k)).not.toBe(sealed); // a fresh IV each time
    expect(openSealed(`exp/lindewaard/${sealed}`, keys)).toBe('exp/lindewaard/KL-0042');
    expect(openSealed(`exp/lindewaard/${sealed}`, new Map())).toBe(`exp/lindewaard/${ERASED_REFERENCE}`);
    expect(sealedKeyIds(`a ${sealed}`, null, sealed)).toEqual([k.id]);
  });

  it('reads "gewist" for a changed ciphertext or a seal moved to another key id', () => {
    const sealed = sealReference('KL-0042', k);
    const data = sealed.split(':')[3];
    const flipped = data.slice(0, 5) + (data[5] === 'A' ? 'B' : 'A') + data.slice(6);
    expect(openSealed(`enc:v1:${k.id}:${flipped}`, keys)).toBe(ERASED_REFERENCE);
    const other = newParticipantKey();
    expect(openSealed(`enc:v1:${other.id}:${data}`, new Map([[other.id, k.key]]))).toBe(ERASED_REFERENCE);
  });

  it('opens references inside JSON values and JSON text (escaped)', () => {
    const odd = 'K"L\\1';
    const sealed = sealReference(odd, k);
    expect(openSealedValue({ participantRef: sealed, n: 1, list: [sealed] }, keys)).toEqual({
      participantRef: odd,
      n: 1,
      list: [odd],
    });
    expect(JSON.parse(openSealed(JSON.stringify({ participantRef: sealed }), keys, true))).toEqual({
      participantRef: odd,
    });
  });
});
