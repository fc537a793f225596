import { ReadStore } from '@forkline/read-models';
import { treeThreads } from '../conversations/conversation-tree';
import { difyTagOf } from '../conversations/dify-conversations';

/** The uploads a conversation's messages attach, in every branch of its tree, each with the first thread attaching it. */
export async function conversationFiles(readStore: ReadStore, rootThreadId: string): Promise<Array<{ fileId: string; threadId: string }>> {
  const ids = new Map<string, string>();
  for (const { thread_id } of await treeThreads(readStore, rootThreadId)) {
    for (const message of await readStore.listMessages(thread_id)) {
      if (message.role !== 'user' || !message.metadata) continue;
      const files = difyTagOf(message.metadata)?.files ?? [];
      for (const file of files) if (file.upload_file_id && !ids.has(file.upload_file_id)) ids.set(file.upload_file_id, thread_id);
    }
  }
  return [...ids].map(([fileId, threadId]) => ({ fileId, threadId }));
}
