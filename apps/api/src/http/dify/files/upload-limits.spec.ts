import { ConfigError } from '@forkline/platform';
import { extensionOf, UploadLimits } from './upload-limits';

const MB = 1024 * 1024;

describe('UploadLimits', () => {
  it("takes Dify's categories and sizes by default", () => {
    const limits = UploadLimits.fromEnv({});
    expect(['png', 'pdf', 'mp3', 'mp4', 'md'].every((e) => limits.allows(e))).toBe(true);
    expect(limits.allows('exe')).toBe(false);
    expect(limits.allows('')).toBe(false);
    expect([limits.maxBytes('png'), limits.maxBytes('mp4'), limits.maxBytes('wav'), limits.maxBytes('pdf')]).toEqual([
      10 * MB,
      100 * MB,
      50 * MB,
      15 * MB,
    ]);
    expect(limits.largest).toBe(100 * MB);
  });

  it("follows Dify's settings, and UPLOAD_FILE_EXTENSIONS ('*': any, a file of no known category counting as a document)", () => {
    const limits = UploadLimits.fromEnv({
      UPLOAD_FILE_SIZE_LIMIT: '1',
      UPLOAD_VIDEO_FILE_SIZE_LIMIT: '2',
      UPLOAD_FILE_EXTENSIONS: 'TXT, .bin',
    });
    expect([limits.allows('txt'), limits.allows('bin'), limits.allows('png')]).toEqual([true, true, false]);
    expect([limits.maxBytes('bin'), limits.maxBytes('mov')]).toEqual([MB, 2 * MB]);
    expect(UploadLimits.fromEnv({ UPLOAD_FILE_EXTENSIONS: '*' }).allows('')).toBe(true);
  });

  it('fails in one line on a setting it cannot read', () => {
    expect(() => UploadLimits.fromEnv({ UPLOAD_IMAGE_FILE_SIZE_LIMIT: 'ten' })).toThrow(ConfigError);
    expect(() => UploadLimits.fromEnv({ UPLOAD_FILE_EXTENSIONS: 'a b' })).toThrow(/UPLOAD_FILE_EXTENSIONS must be/);
  });

  it('reads the extension after the last dot', () => {
    expect([extensionOf('a.b.PNG'), extensionOf('README'), extensionOf('.env'), extensionOf('x.')]).toEqual(['png', '', 'env', '']);
  });
});
