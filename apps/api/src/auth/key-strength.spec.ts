import { estimatedKeyBits, MIN_KEY_BITS } from './key-strength';

describe('estimatedKeyBits', () => {
  it.each([
    ['a'.repeat(31).replace(/a/g, 'f'), false],
    ['0123456789abcdef0123456789abcdef', true],
    ['0123456789abcdef0123456789abcde', false],
    ['0123456789ABCDEF0123456789ABCDEF', true],
    ['AbCdEfGhIjKlMnOpQrStUv', true],
    ['AbCdEfGhIjKlMnOpQrStU', false],
    ['123456789012345678901234567890123456789', true],
    ['12345678901234567890123456789012345678', false],
    ['alice-test-key', false],
    ['correct-horse-battery-staple', true],
  ])('%s is strong enough: %s', (key, strong) => {
    expect(estimatedKeyBits(key) >= MIN_KEY_BITS).toBe(strong);
  });

  it('accepts what the documented commands and the first start generate', () => {
    const { randomBytes } = jest.requireActual<typeof import('crypto')>('crypto');
    expect(estimatedKeyBits(randomBytes(32).toString('hex'))).toBeGreaterThanOrEqual(MIN_KEY_BITS);
    expect(estimatedKeyBits(randomBytes(32).toString('base64url'))).toBeGreaterThanOrEqual(MIN_KEY_BITS);
    expect(estimatedKeyBits(`fl_${randomBytes(24).toString('base64url')}`)).toBeGreaterThanOrEqual(MIN_KEY_BITS);
  });
});
