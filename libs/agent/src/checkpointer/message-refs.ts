import { AIMessage, BaseMessage, HumanMessage } from '@langchain/core/messages';
import { RecordedEvent } from '@forkline/event-store';
import { contentKey } from './value-identity';

/** A thread's events by event number, its inherited ones included (ThreadLineage): where referenced messages are read. */
export interface ThreadEvents {
  recordsBetween(threadId: string, from: number, upTo: number): Promise<RecordedEvent[]>;
}

/** A thread event being appended in the same write as the checkpoint that references it (not in the log yet). */
export type PendingEvent = Pick<RecordedEvent, 'type' | 'data'>;

interface MessageData {
  messageId: string;
  content: string;
  eventNumber: number;
}

/** The Serialized type of an appended list whose numbers are message events' numbers (see Serialized in libs/domain). */
export const MESSAGE_REFS = 'messageRefs';

const MESSAGE_EVENTS = new Set(['UserMessageAdded', 'AssistantMessageAdded']);
/** A checkpoint's new messages are looked for among at most this many thread events (a turn is a handful). */
const MAX_SPAN = 1000;

/** The message a message event adds, as a graph state holds it: its text under its Forkline message id. */
export const messageOf = (type: string, data: MessageData): BaseMessage =>
  type === 'UserMessageAdded'
    ? new HumanMessage({ content: data.content, id: data.messageId })
    : new AIMessage({ content: data.content, id: data.messageId });

/**
 * Messages stored as the thread event numbers of the events that added them: a checkpoint then holds a few bytes per
 * message instead of a copy of its text. Only an item that decodes back exactly (equal in every serialized field to
 * the message its event adds) is referenced; the log is append-only, so the event is there for every later read.
 */
export class MessageRefs {
  constructor(private readonly events: ThreadEvents) {}

  /**
   * For each item, the event number of the thread's message event (among `from`..`upTo`, `pending` ones included) it is;
   * undefined if none.
   */
  async find(
    threadId: string,
    from: number,
    upTo: number,
    items: unknown[],
    pending: PendingEvent[] = [],
  ): Promise<Array<number | undefined>> {
    const none = items.map(() => undefined);
    if (upTo < from || upTo - from >= MAX_SPAN) return none;
    const byId = new Map<string, PendingEvent>();
    for (const e of [...(await this.events.recordsBetween(threadId, from, upTo)), ...pending])
      if (MESSAGE_EVENTS.has(e.type)) byId.set((e.data as MessageData).messageId, e);
    return items.map((item) => {
      const id = (item as { id?: unknown } | null)?.id;
      const event = typeof id === 'string' ? byId.get(id) : undefined;
      if (!event || contentKey(messageOf(event.type, event.data as MessageData)) !== contentKey(item)) return undefined;
      return (event.data as MessageData).eventNumber;
    });
  }

  /** The messages the thread's events with these numbers added, read in one range. */
  async resolve(threadId: string, numbers: number[]): Promise<Map<number, BaseMessage>> {
    const found = new Map<number, BaseMessage>();
    if (numbers.length === 0) return found;
    // Not Math.min(...numbers): a long chain's decode asks for tens of thousands at once, past the arguments a call takes.
    const [from, upTo] = numbers.reduce(([lo, hi], n) => [Math.min(lo, n), Math.max(hi, n)], [Infinity, -Infinity]);
    for (const e of await this.events.recordsBetween(threadId, from, upTo)) {
      const data = e.data as MessageData;
      if (MESSAGE_EVENTS.has(e.type)) found.set(data.eventNumber, messageOf(e.type, data));
    }
    return found;
  }
}
