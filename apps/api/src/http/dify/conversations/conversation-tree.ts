import { replyIdFor, runIdFor } from '@forkline/domain';
import { MessageView, ReadStore } from '@forkline/read-models';

/** One Dify message: a user's query in the thread where it was asked, its answer (once there), and the message it follows. */
export interface MessagePair {
  /** The answer's message id, known when the query was sent: Dify's message id. */
  id: string;
  threadId: string;
  question: MessageView;
  answer: MessageView | undefined;
  /** The pair this one follows in its branch (across the fork it was asked after); null for a conversation's first. */
  parentId: string | null;
}

interface TreeThread {
  thread_id: string;
  parent_thread_id: string | null;
  from_event_number: number | null;
}

/** A conversation's threads: its root, then the forks made in it and in them, parents before their forks. */
export async function treeThreads(readStore: ReadStore, rootThreadId: string): Promise<TreeThread[]> {
  const threads: TreeThread[] = [{ thread_id: rootThreadId, parent_thread_id: null, from_event_number: null }];
  for (let i = 0; i < threads.length; i++) threads.push(...(await readStore.listBranches(threads[i].thread_id)));
  return threads;
}

/**
 * Every message of a conversation's tree (its root thread and the forks made in it, theirs too), by the time each
 * query was sent, each with its real parent: the previous pair of its own thread, or for a fork's first, the last pair
 * its source held at the fork point.
 */
export async function conversationPairs(readStore: ReadStore, rootThreadId: string): Promise<MessagePair[]> {
  const threads = await treeThreads(readStore, rootThreadId);
  const own = new Map<string, MessagePair[]>();
  for (const { thread_id: threadId } of threads) {
    const rows = await readStore.listMessages(threadId);
    const answers = new Map(rows.filter((m) => m.role === 'assistant').map((m) => [m.message_id, m]));
    const pairs = rows
      .filter((m) => m.role === 'user')
      .map((question) => {
        const id = replyIdFor(runIdFor(threadId, question.message_id));
        return { id, threadId, question, answer: answers.get(id), parentId: null as string | null };
      });
    own.set(threadId, pairs);
  }
  const byId = new Map(threads.map((t) => [t.thread_id, t]));
  const lastAt = (threadId: string, upTo: number): string | null => {
    const before = own.get(threadId)!.filter((p) => p.question.event_number <= upTo);
    if (before.length > 0) return before[before.length - 1].id;
    const t = byId.get(threadId)!;
    return t.parent_thread_id === null ? null : lastAt(t.parent_thread_id, t.from_event_number!);
  };
  for (const t of threads) {
    own.get(t.thread_id)!.forEach((pair, i, pairs) => {
      pair.parentId = i > 0 ? pairs[i - 1].id : t.parent_thread_id === null ? null : lastAt(t.parent_thread_id, t.from_event_number!);
    });
  }
  return [...own.values()].flat().sort((a, b) => a.question.created_at.localeCompare(b.question.created_at) || a.id.localeCompare(b.id));
}

/** Where a new query goes: after `pair` — in its thread if nothing was asked there since, else in a fork of it. */
export function placeAfter(pairs: MessagePair[], pair: MessagePair): { threadId: string } | { forkOf: string; atEventNumber: number } {
  const later = pairs
    .filter((p) => p.threadId === pair.threadId && p.question.event_number > pair.question.event_number)
    .sort((a, b) => a.question.event_number - b.question.event_number)[0];
  // The fork keeps everything up to the next query (the answer and its run's end) and nothing of it.
  return later ? { forkOf: pair.threadId, atEventNumber: later.question.event_number - 1 } : { threadId: pair.threadId };
}
