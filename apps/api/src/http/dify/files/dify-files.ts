import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'crypto';
import { endUserId } from '@forkline/domain';
import { Blob, BLOB_STORE, BlobStore, EVENT_STORE, EventStore, UploadedFile, UploadedFiles } from '@forkline/event-store';
import { DifyError } from '../../dify-error';
import { DifyAppContext } from '../dify-app-context';
import { EndUserRecorder } from '../end-users/end-user-recorder';
import { UploadPart } from './multipart';
import { extensionOf, UploadLimits } from './upload-limits';

/** Dify's anonymous end user: whom an upload or preview without `user` stands for. */
export const DEFAULT_USER = 'DEFAULT-USER';
export const fileEndUser = (app: DifyAppContext, user: string | undefined) => endUserId(app.agentId, user || DEFAULT_USER);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Dify refuses these in a file name (services/file_service.py). */
const INVALID_NAME = /[\\/:*?"<>|]/;
const NAME_CHARS = 200;

const notFound = () => new DifyError(404, 'file_not_found', 'The requested file was not found.');

/**
 * Files uploaded to an app by its end users: bytes in the blob store, their record (name, size, type, sha256, whose)
 * in the event log. A file is found only by the end user of the app who uploaded it; for anyone else it does not exist.
 */
@Injectable()
export class DifyFiles {
  private readonly files: UploadedFiles;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly limits: UploadLimits,
    private readonly endUsers: EndUserRecorder,
  ) {
    this.files = new UploadedFiles(events);
  }

  /**
   * Checks the file against the limits before anything is written; then the bytes, then their record (or neither). Whose:
   * the end user `user` (/v1, recorded at first use), or `endUser` (an id: a web passport's, already recorded).
   */
  async upload(app: DifyAppContext, user: string | undefined, part: UploadPart, endUser = fileEndUser(app, user)): Promise<UploadedFile> {
    if (INVALID_NAME.test(part.name)) throw new DifyError(400, 'invalid_param', 'file: the filename contains invalid characters');
    const extension = extensionOf(part.name);
    // As Dify shortens a long name: its stem, cut, and the extension.
    const name = part.name.length > NAME_CHARS ? `${part.name.split('.')[0].slice(0, NAME_CHARS)}.${extension}` : part.name;
    if (!this.limits.allows(extension)) throw new DifyError(415, 'unsupported_file_type', 'File type not allowed.');
    if (part.bytes.length > this.limits.maxBytes(extension)) throw new DifyError(413, 'file_too_large', 'File size exceeded.');
    await this.endUsers.record(app, user);
    const fileId = randomUUID();
    const mimeType = part.mimeType || 'application/octet-stream';
    await this.blobs.put(fileId, part.bytes, { contentType: mimeType });
    try {
      const sha256 = createHash('sha256').update(part.bytes).digest('hex');
      const { agentId, ownerId } = app;
      const data = {
        fileId,
        agentId,
        ownerId,
        endUserId: endUser,
        name,
        extension,
        mimeType,
        size: part.bytes.length,
        sha256,
      };
      return await this.files.record(data, app.context);
    } catch (error) {
      await this.blobs.delete(fileId);
      throw error;
    }
  }

  /** The file `id` if the app's end user uploaded it and it is still there; else Dify's 404 file_not_found. */
  async find(app: DifyAppContext, endUser: string, id: string): Promise<UploadedFile> {
    if (!UUID.test(id)) throw notFound();
    const file = await this.files.find(id.toLowerCase());
    if (!file || file.removed || file.agentId !== app.agentId || file.endUserId !== endUser) throw notFound();
    return file;
  }

  async bytes(file: UploadedFile): Promise<Blob> {
    const blob = await this.blobs.get(file.fileId);
    if (!blob) throw notFound();
    return blob;
  }

  /**
   * Removes the files' bytes (those of a deleted conversation, each with the thread whose message attached it),
   * recording each removal first. The stream janitor does the same for any deleted thread: whichever comes first.
   */
  async remove(app: DifyAppContext, attached: Array<{ fileId: string; threadId: string }>): Promise<void> {
    for (const { fileId, threadId } of attached) {
      const file = await this.files.find(fileId);
      if (!file || file.agentId !== app.agentId) continue;
      if (!file.removed) await this.files.recordRemoved(fileId, threadId, app.context);
      await this.blobs.delete(fileId);
    }
  }
}
