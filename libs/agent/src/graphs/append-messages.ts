import { BaseMessage, BaseMessageChunk, isBaseMessage, RemoveMessage } from '@langchain/core/messages';
import { messagesStateReducer } from '@langchain/langgraph';

/**
 * LangGraph's messagesStateReducer(state, added), without its work on every message of the state when `added` only
 * appends: the reducer coerces each message (the same object for a message with an id that is no chunk), indexes all
 * ids, and appends a message whose id it does not hold; so for such a state and new messages with new ids, it returns
 * the state followed by them. That work grew with the thread (a run applies it twice); anything else goes to the reducer.
 */
export function appendMessages(state: BaseMessage[], added: BaseMessage[]): BaseMessage[] {
  const appends =
    Array.isArray(state) &&
    added.every((m, i) => kept(m) && !RemoveMessage.isInstance(m) && added.findIndex((other) => other.id === m.id) === i) &&
    state.every(kept) &&
    !state.some((m) => added.some((other) => other.id === m.id));
  return appends ? [...state, ...added] : messagesStateReducer(state, added);
}

/**
 * A message the reducer keeps as the same object: a message (isBaseMessage, the reducer's own test) with an id, whose
 * prototypes do not include the chunk class (the reducer's chunk test is that and more). Cheaper than those class
 * tests, which look the message over for every message of the state.
 */
const kept = (m: BaseMessage): boolean =>
  isBaseMessage(m) && m.id !== undefined && m.id !== null && !Object.prototype.isPrototypeOf.call(BaseMessageChunk.prototype, m);
