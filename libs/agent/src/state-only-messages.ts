import { BaseMessage } from '@langchain/core/messages';

/**
 * Marks a message that a client wrote into a graph state by hand (LangGraph's updateState) and that is no message of
 * the thread's log: a run's conversationInput leaves it where it is, as it does a run's tool rounds. Unmarked, such a
 * message made the state look diverged from the conversation (as after a clear or a deleted message), and the next run
 * rewrote the state from the log, dropping what the client had set.
 */
export const STATE_ONLY_KEY = 'forkline_state_only';

/** The message, marked as written into the state by hand (a copy: the given one is left as it is). */
export function markStateOnly<M extends BaseMessage>(message: M): M {
  const Kind = message.constructor as new (fields: Record<string, unknown>) => M;
  return new Kind({ ...message.lc_kwargs, additional_kwargs: { ...message.additional_kwargs, [STATE_ONLY_KEY]: true } });
}

export const isStateOnly = (m: BaseMessage): boolean => m.additional_kwargs?.[STATE_ONLY_KEY] === true;

/** The message's additional_kwargs as a client sees them: without the mark, which is Forkline's own bookkeeping. */
export function clientKwargs(m: BaseMessage): Record<string, unknown> {
  const { [STATE_ONLY_KEY]: _mark, ...rest } = m.additional_kwargs ?? {};
  return rest;
}
