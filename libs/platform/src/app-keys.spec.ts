import { createHash } from 'crypto';
import { hashApiKey, isAppKey, issueAppKey, maskedAppKey } from './app-keys';

describe('app keys', () => {
  it('issues distinct app- keys of 32 random base64url characters, with their SHA-256 and last 4 characters', () => {
    const issued = Array.from({ length: 200 }, issueAppKey);
    expect(new Set(issued.map((k) => k.key)).size).toBe(200);
    for (const { key, keySha256, hint } of issued) {
      expect(key).toMatch(/^app-[A-Za-z0-9_-]{32}$/);
      expect(isAppKey(key)).toBe(true);
      expect(keySha256).toBe(createHash('sha256').update(key).digest('hex'));
      expect(hashApiKey(key)).toBe(keySha256);
      expect(maskedAppKey(hint)).toBe(`app-...${key.slice(-4)}`);
    }
    expect(isAppKey('fl_abc')).toBe(false);
  });
});
