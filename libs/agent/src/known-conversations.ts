import { BaseMessage, RemoveMessage } from '@langchain/core/messages';
import { LruCache } from '@forkline/event-store';
import { Segment, ThreadHistory } from '@forkline/read-models';
import { asStateMessage, conversationInput, heldMessages, startsWith } from './conversation-input';

/** What a run of this process found: the state's message objects that were its thread's conversation up to `upTo`. */
interface Known {
  upTo: number;
  /** The history's latest clear then (see Segment.after). */
  after: number | undefined;
  messages: BaseMessage[];
}

/**
 * Threads remembered. An entry only helps while the checkpointer's cache still hands out the same message objects
 * (LinearValues.decoded, 4096 channel values), so a smaller number covers the threads being answered.
 */
const KNOWN_THREADS = 512;

/**
 * A run's input (see conversationInput) without reading the whole conversation again every run, which made a run's
 * cost grow with its thread. The previous run in this process saw which state messages were the conversation up to the
 * message it answered; when the state still begins with those very objects, no clear came since, and the store still
 * counts as many messages up to there (the read models only ever lose a row below a message already projected: a
 * deleted message), the conversation is those messages followed by the rows past that point, the only ones read.
 * Anything else (another process ran the thread, a rewritten state, a restart) takes the full comparison.
 */
export class KnownConversations {
  private readonly known = new LruCache<string, Known>(KNOWN_THREADS);

  constructor(private readonly history: ThreadHistory) {}

  /** The input of a run answering the message at `upTo`, from the state it starts from and its history's segments (cut at upTo). */
  async input(threadId: string, upTo: number, state: BaseMessage[], segments: Segment[] | null): Promise<BaseMessage[]> {
    const held = heldMessages(state);
    const after = segments?.[0]?.after;
    const input =
      (segments && (await this.tailInput(threadId, upTo, held, segments, after))) ?? conversationInput(state, await this.all(segments));
    const restarted = input[0] instanceof RemoveMessage;
    this.known.set(threadId, { upTo, after, messages: restarted ? input.slice(1) : [...held, ...input] });
    return input;
  }

  /** The input from the rows past the known point; undefined when that point cannot be trusted or the state does not begin the conversation. */
  private async tailInput(
    threadId: string,
    upTo: number,
    held: BaseMessage[],
    segments: Segment[],
    after: number | undefined,
  ): Promise<BaseMessage[] | undefined> {
    const known = this.known.get(threadId);
    if (!known || known.upTo > upTo || known.after !== after || held.length < known.messages.length) return undefined;
    if (!known.messages.every((m, i) => held[i] === m)) return undefined;
    if ((await this.history.countUpTo(segments, known.upTo)) !== known.messages.length) return undefined;
    const rows = await this.history.messagesAfter(segments, known.upTo);
    const rest = held.slice(known.messages.length);
    return startsWith(rows, rest) ? rows.slice(rest.length).map(asStateMessage) : undefined;
  }

  private all(segments: Segment[] | null) {
    return segments ? this.history.messages(segments) : Promise.resolve([]);
  }
}
