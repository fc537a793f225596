import { ReadStore } from '@forkline/read-models';
import { treeThreads } from '../conversations/conversation-tree';
import { DifyMessageMetadata } from '../conversations/dify-conversations';

/** The uploads a conversation's messages attach, in every branch of its tree (read before the conversation goes). */
export async function conversationFileIds(readStore: ReadStore, rootThreadId: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const { thread_id } of await treeThreads(readStore, rootThreadId)) {
    for (const message of await readStore.listMessages(thread_id)) {
      if (message.role !== 'user' || !message.metadata) continue;
      const files = (JSON.parse(message.metadata) as Partial<DifyMessageMetadata>).dify?.files ?? [];
      for (const file of files) if (file.upload_file_id) ids.add(file.upload_file_id);
    }
  }
  return [...ids];
}
