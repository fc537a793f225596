import { BlobStore, EventStore, RecordedEvent, UploadedFiles } from '@forkline/event-store';

/** The uploads a user message attaches through the Dify face (metadata.dify.files[].upload_file_id). */
function uploadIdsOf(event: RecordedEvent): string[] {
  if (event.type !== 'UserMessageAdded') return [];
  const dify = (event.data as { metadata?: { dify?: { files?: Array<{ upload_file_id?: unknown }> } } }).metadata?.dify;
  return (dify?.files ?? []).flatMap((f) => (typeof f.upload_file_id === 'string' ? [f.upload_file_id] : []));
}

/**
 * Removes the uploads a deleted thread's own messages attach, whichever face deleted it: FileRemoved in each file's
 * stream, then its bytes. Run by the stream janitor before the thread's stream goes, so a crash in between redoes it
 * (both steps are idempotent). A fork's stream holds only its own messages: its source's files stay.
 */
export class DeletedThreadFiles {
  private readonly files: UploadedFiles;

  constructor(
    events: EventStore,
    private readonly blobs: BlobStore,
  ) {
    this.files = new UploadedFiles(events);
  }

  readonly remove = async (threadId: string, stream: RecordedEvent[], actor: string): Promise<void> => {
    for (const fileId of new Set(stream.flatMap(uploadIdsOf))) {
      const file = await this.files.find(fileId);
      if (!file) continue;
      if (!file.removed) await this.files.recordRemoved(fileId, threadId, { actor, correlationId: threadId, causationId: null });
      await this.blobs.delete(fileId);
    }
  };
}
