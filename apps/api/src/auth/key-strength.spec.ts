import { estimatedKeyBits, MIN_KEY_BITS } from './key-strength';

describe('estimatedKeyBits', () => {
  it.each([
    ['f'.repeat(31), false],
    ['a'.repeat(28), false],
    ['z'.repeat(28), false],
    ['password'.repeat(4), false],
    ['password'.repeat(12), false],
    ['0123456789abcdef0123456789abcdef', false],
    ['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', false],
    ['d63a2df0e0213d30'.repeat(4), false],
    ['AbCdEfGhIjKlMnOpQrStUv', false],
    ['123456789012345678901234567890123456789', false],
    ['alice-test-key', false],
    ['correct-horse-battery-staple', false],
    ['3f9c1b7e0a4d8c2f6b5e9a1d7c3f0b8e4a6d2c9f1b7e5a3d8c0f6b2e9a4d1c7f', true],
    ['q7XkP2mZ9vR4tL8wN1cB6yH3jF5gD0sA', true],
    ['alice-test-key-6f1d3a9c0b7e4d2a8c5f1e3b9d7a0c64', true],
    ['key-of-alice-4e7a1c9f3b5d2e8a6c0f1b3d5e7a9c2e', true],
  ])('%s is strong enough: %s', (key, strong) => {
    expect(estimatedKeyBits(key) >= MIN_KEY_BITS).toBe(strong);
  });

  it.each([
    ['openssl rand -hex 32', (bytes: typeof import('crypto').randomBytes) => bytes(32).toString('hex')],
    ['randomBytes(32) in base64url', (bytes: typeof import('crypto').randomBytes) => bytes(32).toString('base64url')],
    ['the first-start key', (bytes: typeof import('crypto').randomBytes) => `fl_${bytes(24).toString('base64url')}`],
  ])('accepts every one of 1,000 keys from %s', (_name, generate) => {
    const { randomBytes } = jest.requireActual<typeof import('crypto')>('crypto');
    const weakest = Math.min(...Array.from({ length: 1000 }, () => estimatedKeyBits(generate(randomBytes))));
    expect(weakest).toBeGreaterThanOrEqual(MIN_KEY_BITS);
  });
});
