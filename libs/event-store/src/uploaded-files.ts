import { deterministicId, FileRemoved, FileUploaded, fileStreamId, THREAD_SCHEMA_VERSION } from '@forkline/domain';
import { EventStore } from './event-store.port';
import { CommandContext } from './thread-repository';

export type UploadedFile = FileUploaded['data'] & { createdAt: string; removed: boolean };

/** Uploaded files' records (their stream: FileUploaded, then FileRemoved once the bytes are gone). */
export class UploadedFiles {
  constructor(private readonly store: EventStore) {}

  async find(fileId: string): Promise<UploadedFile | null> {
    const events = await this.store.readStream(fileStreamId(fileId));
    const [first] = events;
    if (!first || first.type !== 'FileUploaded') return null;
    const removed = events.some((e) => e.type === 'FileRemoved');
    return { ...(first.data as FileUploaded['data']), createdAt: first.metadata.occurredAt, removed };
  }

  /** Records a new file (its id is fresh: the stream must not exist). */
  async record(file: FileUploaded['data'], context: CommandContext): Promise<UploadedFile> {
    const occurredAt = new Date().toISOString();
    const metadata = { ...context, occurredAt, schemaVersion: THREAD_SCHEMA_VERSION };
    const event = { eventId: deterministicId(`FileUploaded:${file.fileId}`), type: 'FileUploaded', data: file, metadata };
    await this.store.append(fileStreamId(file.fileId), [event], 'no_stream');
    return { ...file, createdAt: occurredAt, removed: false };
  }

  /** Records that the file's bytes are gone with `threadId`; idempotent (one FileRemoved per file, whoever records it). */
  async recordRemoved(fileId: string, threadId: string, context: CommandContext): Promise<void> {
    const data: FileRemoved['data'] = { fileId, threadId };
    const metadata = { ...context, occurredAt: new Date().toISOString(), schemaVersion: THREAD_SCHEMA_VERSION };
    const event = { eventId: deterministicId(`FileRemoved:${fileId}`), type: 'FileRemoved', data, metadata };
    await this.store.append(fileStreamId(fileId), [event], 'any');
  }
}
