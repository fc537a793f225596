import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { Observable } from 'rxjs';
import { DifyError } from '../../dify-error';
import { AudioFile } from './speech-provider';

/** Dify's limit on audio to transcribe (api/services/audio_service.py: FILE_SIZE = 30 MB). */
export const AUDIO_MAX_BYTES = 30 * 1024 * 1024;
/** Dify's audio formats (ALLOWED_EXTENSIONS), as file extensions and as `audio/<format>` types. */
export const AUDIO_FORMATS = ['mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'wav', 'webm', 'amr'];
/** Other names browsers and tools give the same formats. */
const TYPE_ALIASES: Record<string, string> = {
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-m4a': 'm4a',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
};

const Multer = FileInterceptor('file', { storage: memoryStorage(), limits: { fileSize: AUDIO_MAX_BYTES, files: 1, fields: 16 } });

/**
 * Receives the multipart `file` (and `user`) of /audio-to-text, and says what goes wrong in Dify's codes: over 30 MB
 * is 413 audio_too_large; a second file, or one in another field, is 400 naming `file`.
 */
@Injectable()
export class AudioUpload implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw new DifyError(413, 'audio_too_large', 'Audio size exceeded.');
      if (error instanceof BadRequestException && /^(Too many files|Unexpected file field)/.test(error.message)) {
        throw new DifyError(400, 'invalid_param', "file: send one audio file, in the form field 'file'");
      }
      if (error instanceof BadRequestException) throw new DifyError(400, 'invalid_param', `multipart body: ${error.message}`);
      throw error;
    }
  }
}

/**
 * The uploaded audio as the provider is to get it, if Dify takes its format: by its type (`audio/mp3`,
 * `audio/webm;codecs=opus`), or by its name's extension when the type says nothing (application/octet-stream).
 * Else 415 unsupported_audio_type; no file, or an empty one, is 400 no_audio_uploaded.
 */
export function uploadedAudio(file: Express.Multer.File | undefined): AudioFile {
  if (!file || file.size === 0) throw new DifyError(400, 'no_audio_uploaded', 'Please upload your audio.');
  const type = file.mimetype.split(';')[0].trim().toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec(file.originalname)?.[1].toLowerCase();
  const byType = type.startsWith('audio/') && AUDIO_FORMATS.includes(type.slice(6)) ? type.slice(6) : TYPE_ALIASES[type];
  const generic = type === 'application/octet-stream' || type === '';
  const format = byType ?? (generic && extension && AUDIO_FORMATS.includes(extension) ? extension : undefined);
  if (!format) throw new DifyError(415, 'unsupported_audio_type', 'Audio type not allowed.');
  const base = file.originalname.replace(/\.[a-z0-9]+$/i, '').replace(/[^\w.-]/g, '_') || 'audio';
  return {
    bytes: file.buffer,
    name: `${base}.${extension && AUDIO_FORMATS.includes(extension) ? extension : format}`,
    type: file.mimetype,
  };
}
