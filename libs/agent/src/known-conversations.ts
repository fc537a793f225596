import { BaseMessage, RemoveMessage } from '@langchain/core/messages';
import { LruCache } from '@forkline/event-store';
import { Segment, ThreadHistory } from '@forkline/read-models';
import { sameItem } from './checkpointer/value-identity';
import { asStateMessage, conversationInput, heldMessages, isHeld, startsWith } from './conversation-input';
import { approximateBytes, DEFAULT_AGENT_CACHE_BYTES } from './message-weight';

/** What a run of this process found: the state's message objects that were its thread's conversation up to `upTo`. */
interface Known {
  upTo: number;
  /** The history's latest clear then (see Segment.after). */
  after: number | undefined;
  messages: BaseMessage[];
}

/**
 * A run's input (see conversationInput) without reading the whole conversation again every run, which made a run's
 * cost grow with its thread. The previous run in this process saw which state messages were the conversation up to the
 * message it answered; when the state still begins with those very objects, no clear came since, and the store still
 * counts as many messages up to there (the read models only ever lose a row below a message already projected: a
 * deleted message), the conversation is those messages followed by the rows past that point, the only ones read.
 * Anything else (another process ran the thread, a rewritten state, a restart) takes the full comparison.
 */
export class KnownConversations {
  /**
   * Bounded by the bytes its conversations keep alive (approximateBytes): an entry only helps while the checkpointer's
   * cache still hands out the same message objects, and then holds those (shared, the state's own).
   */
  private readonly known: LruCache<string, Known>;

  constructor(
    private readonly history: ThreadHistory,
    cacheBytes = DEFAULT_AGENT_CACHE_BYTES,
  ) {
    this.known = new LruCache(cacheBytes, (known) => approximateBytes(known.messages));
  }

  /** What the conversations kept weigh together (approximateBytes): at most the budget, unless the newest alone weighs more. */
  get weight(): number {
    return this.known.weight;
  }

  /** The input of a run answering the message at `upTo`, from the state it starts from and its history's segments (cut at upTo). */
  async input(threadId: string, upTo: number, state: BaseMessage[], segments: Segment[] | null): Promise<BaseMessage[]> {
    const known = this.known.get(threadId);
    const after = segments?.[0]?.after;
    const rest = known && segments && known.upTo <= upTo && known.after === after ? restAfter(state, known.messages) : undefined;
    const tail = rest && (await this.tailInput(known!, rest, segments!));
    const input = tail ?? sharing(conversationInput(state, await this.all(segments)), state);
    // What the state holds after the input is the conversation up to upTo (rewritten from it on a restart).
    const held = tail ? [...known!.messages, ...rest!] : heldMessages(state);
    this.known.set(threadId, { upTo, after, messages: input[0] instanceof RemoveMessage ? input.slice(1) : [...held, ...input] });
    return input;
  }

  /** The input from the rows past the known point; undefined when a message known was deleted since, or the state does not begin the conversation. */
  private async tailInput(known: Known, rest: BaseMessage[], segments: Segment[]): Promise<BaseMessage[] | undefined> {
    if ((await this.history.countUpTo(segments, known.upTo)) !== known.messages.length) return undefined;
    const rows = await this.history.messagesAfter(segments, known.upTo);
    return startsWith(rows, rest) ? rows.slice(rest.length).map(asStateMessage) : undefined;
  }

  private all(segments: Segment[] | null) {
    return segments ? this.history.messages(segments) : Promise.resolve([]);
  }
}

/**
 * A restarting input (a RemoveMessage, then the whole conversation) with the state's own message objects where they are
 * the conversation's unchanged (equal in every serialized field): the run's checkpoint then shares them with the state's
 * (the checkpointer's cache holds both) instead of holding a copy of the whole conversation per restart. A backlog
 * restarts most runs (replies land after queued messages), and its copies filled the caches.
 */
function sharing(input: BaseMessage[], state: BaseMessage[]): BaseMessage[] {
  if (!(input[0] instanceof RemoveMessage) || state.length === 0) return input;
  const own = new Map<unknown, BaseMessage>();
  for (const m of state) if (isHeld(m)) own.set(m.id, m);
  return input.map((m, i) => {
    const same = i > 0 ? own.get(m.id) : undefined;
    return same && sameItem(same, m) ? same : m;
  });
}

/**
 * The state's conversation messages (see heldMessages) after the known ones, when it begins with those very objects;
 * undefined otherwise. Known objects are taken as they are: only the others are looked at.
 */
function restAfter(state: BaseMessage[], known: BaseMessage[]): BaseMessage[] | undefined {
  const rest: BaseMessage[] = [];
  let matched = 0;
  for (const m of state) {
    if (matched < known.length && m === known[matched]) matched++;
    else if (!isHeld(m)) continue;
    else if (matched < known.length) return undefined;
    else rest.push(m);
  }
  return matched === known.length ? rest : undefined;
}
