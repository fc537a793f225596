import { mkdtempSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadPassportSecret } from './passport-secret';
import { PassportRefused, PassportTokens } from './passport-tokens';

const claims = { agentId: 'agent-1', siteCode: 'code1234', endUserId: 'user-1' };
const secret = new TextEncoder().encode('s'.repeat(20) + 'e'.repeat(20));
const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');

describe('PassportTokens', () => {
  let now = 1_800_000_000_000;
  const tokens = new PassportTokens(secret, 60_000, () => now);

  it('issues an HS256 JWT with Dify claims plus iat and exp, and reads it back', async () => {
    const token = await tokens.issue(claims);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({
      iss: 'agent-1',
      sub: 'Web API Passport',
      app_id: 'agent-1',
      app_code: 'code1234',
      end_user_id: 'user-1',
      iat: now / 1000,
      exp: now / 1000 + 60,
    });
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it("refuses an expired, tampered, foreign-secret or unsigned token with Dify's messages", async () => {
    const token = await tokens.issue(claims);
    const [header, payload, signature] = token.split('.');
    const other = new PassportTokens(new TextEncoder().encode('x'.repeat(40)), 60_000, () => now);
    const tampered = [header, encode({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), end_user_id: 'u2' }), signature];
    const unsigned = [encode({ alg: 'none', typ: 'JWT' }), payload, ''].join('.');
    await expect(tokens.verify(tampered.join('.'))).rejects.toThrow(new PassportRefused('Invalid token signature.'));
    await expect(other.verify(token)).rejects.toThrow(new PassportRefused('Invalid token signature.'));
    await expect(tokens.verify(unsigned)).rejects.toThrow(new PassportRefused('Invalid token.'));
    await expect(tokens.verify('not-a-token')).rejects.toThrow(new PassportRefused('Invalid token.'));
    now += 61_000;
    await expect(tokens.verify(token)).rejects.toThrow(new PassportRefused('Token has expired.'));
  });
});

describe('loadPassportSecret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-passport-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes PASSPORT_SECRET when set, else creates DATA_DIR/passport-secret 0600 once and reuses it', () => {
    expect(Buffer.from(loadPassportSecret({ dataDir: dir, passportSecret: 'k'.repeat(32) })).toString()).toBe('k'.repeat(32));
    const first = loadPassportSecret({ dataDir: dir });
    expect(statSync(join(dir, 'passport-secret')).mode & 0o777).toBe(0o600);
    expect(loadPassportSecret({ dataDir: dir })).toEqual(first);
    expect(first.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a secret file too short to sign with', () => {
    const other = mkdtempSync(join(dir, 'short-'));
    writeFileSync(join(other, 'passport-secret'), 'short\n', { mode: 0o600 });
    expect(() => loadPassportSecret({ dataDir: other })).toThrow(/holds no secret of 32 characters/);
  });
});
