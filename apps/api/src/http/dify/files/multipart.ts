import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { DifyError } from '../../dify-error';

/** One uploaded file as the form carried it. */
export interface UploadPart {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

const MESSAGES = {
  no_file_uploaded: 'Please upload your file.',
  too_many_files: 'Only one file is allowed.',
  filename_not_exists_error: 'The specified filename does not exist.',
  file_too_large: 'File size exceeded.',
} as const;

export const uploadError = (status: number, code: keyof typeof MESSAGES) => new DifyError(status, code, MESSAGES[code]);

/**
 * Reads a multipart upload as Dify's /files/upload takes it: exactly one file, in the part named `file`, and the form
 * fields (`user`). In memory, up to `maxBytes` (the largest any category allows); the rest of the body is drained.
 */
export async function readUpload(req: Request, res: Response, maxBytes: number): Promise<{ file: UploadPart; user?: string }> {
  const reader = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 2, fields: 20, fieldSize: 64 * 1024, parts: 24 },
    defParamCharset: 'utf8',
  }).any();
  try {
    await new Promise<void>((resolve, reject) => reader(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
  } catch (error) {
    if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') throw uploadError(413, 'file_too_large');
    if (error instanceof MulterError && error.code === 'LIMIT_FILE_COUNT') throw uploadError(400, 'too_many_files');
    throw new DifyError(400, 'invalid_param', `file: the multipart form could not be read (${(error as Error).message})`);
  }
  const files = (req.files as Express.Multer.File[] | undefined) ?? [];
  const fields = (req.body ?? {}) as Record<string, unknown>;
  const file = files.find((f) => f.fieldname === 'file');
  // A part named `file` with an empty filename arrives as a plain field.
  if (!file) throw fields.file !== undefined ? uploadError(400, 'filename_not_exists_error') : uploadError(400, 'no_file_uploaded');
  if (files.length > 1) throw uploadError(400, 'too_many_files');
  if (!file.originalname.trim()) throw uploadError(400, 'filename_not_exists_error');
  const user = fields.user;
  if (user !== undefined && (typeof user !== 'string' || user.length > 255)) {
    throw new DifyError(400, 'invalid_param', 'user: must be a string of at most 255 characters');
  }
  return { file: { name: file.originalname, mimeType: file.mimetype, bytes: file.buffer }, user: user || undefined };
}
