import { ConfigError } from '@forkline/platform';

/** Dify's file categories (api/constants/__init__.py) and their size limits (its UPLOAD_*_FILE_SIZE_LIMIT settings, in MB). */
const CATEGORIES = {
  image: { setting: 'UPLOAD_IMAGE_FILE_SIZE_LIMIT', mb: 10, extensions: ['jpg', 'jpeg', 'png', 'webp', 'gif', 'svg'] },
  video: { setting: 'UPLOAD_VIDEO_FILE_SIZE_LIMIT', mb: 100, extensions: ['mp4', 'mov', 'mpeg', 'webm'] },
  audio: { setting: 'UPLOAD_AUDIO_FILE_SIZE_LIMIT', mb: 50, extensions: ['mp3', 'm4a', 'wav', 'amr', 'mpga'] },
  document: {
    setting: 'UPLOAD_FILE_SIZE_LIMIT',
    mb: 15,
    extensions: 'txt markdown md mdx pdf html htm xlsx xls vtt properties doc docx csv eml msg ppt pptx xml epub json'.split(' '),
  },
} as const;
type Category = keyof typeof CATEGORIES;

/**
 * What /v1/files/upload accepts: the extensions of UPLOAD_FILE_EXTENSIONS (comma-separated, `*` for any; default
 * Dify's image, video, audio and document ones) up to their category's size (Dify's settings and defaults: images
 * 10 MB, video 100 MB, audio 50 MB, anything else 15 MB).
 */
export class UploadLimits {
  private constructor(
    private readonly extensions: Set<string> | 'any',
    private readonly bytes: Record<Category, number>,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv): UploadLimits {
    const bytes = {} as Record<Category, number>;
    for (const [category, { setting, mb }] of Object.entries(CATEGORIES)) {
      const raw = env[setting]?.trim();
      const value = raw ? Number(raw) : mb;
      if (!Number.isInteger(value) || value < 0 || value > 1024)
        throw new ConfigError(`${setting} must be MB from 0 to 1024; got '${raw}'`);
      bytes[category as Category] = value * 1024 * 1024;
    }
    const raw = env.UPLOAD_FILE_EXTENSIONS?.trim();
    if (raw === '*') return new UploadLimits('any', bytes);
    const listed = raw ? raw.split(',').map((e) => e.trim().replace(/^\./, '').toLowerCase()) : null;
    if (listed?.some((e) => !/^[a-z0-9]{1,16}$/.test(e))) {
      throw new ConfigError(`UPLOAD_FILE_EXTENSIONS must be '*' or a comma-separated list of extensions; got '${raw}'`);
    }
    return new UploadLimits(new Set(listed ?? Object.values(CATEGORIES).flatMap((c) => [...c.extensions])), bytes);
  }

  allows(extension: string): boolean {
    return this.extensions === 'any' || this.extensions.has(extension);
  }

  /** The most bytes a file of this extension may have. */
  maxBytes(extension: string): number {
    const category = (Object.keys(CATEGORIES) as Category[]).find((c) =>
      (CATEGORIES[c].extensions as readonly string[]).includes(extension),
    );
    return this.bytes[category ?? 'document'];
  }

  /** The most bytes any file may have: what the multipart reader takes before it stops. */
  get largest(): number {
    return Math.max(...Object.values(this.bytes));
  }
}

/** The extension as Dify takes it: after the last dot, lower case; '' for none. */
export const extensionOf = (name: string) => (/\.([^./\\]+)$/.exec(name)?.[1] ?? '').toLowerCase();
