import { BaseMessage } from '@langchain/core/messages';
import { MessageView } from '@forkline/read-models';

/** A message as LangGraph clients read it in `values.messages` (LangChain's serialized message dict). */
export interface LgMessage {
  type: string;
  content: unknown;
  id: string;
  name?: string;
  additional_kwargs: Record<string, unknown>;
  response_metadata: Record<string, unknown>;
  tool_calls?: unknown[];
  invalid_tool_calls?: unknown[];
  tool_call_id?: string;
}

/** A message of the graph state (a checkpoint's `messages`), under its Forkline message id. */
export function fromStateMessage(m: BaseMessage): LgMessage {
  const type = m.getType();
  const base: LgMessage = { type, content: m.content, id: m.id ?? '', additional_kwargs: {}, response_metadata: {} };
  if (m.name) base.name = m.name;
  if (type === 'ai') {
    const ai = m as BaseMessage & { tool_calls?: unknown[]; invalid_tool_calls?: unknown[] };
    return { ...base, tool_calls: ai.tool_calls ?? [], invalid_tool_calls: ai.invalid_tool_calls ?? [] };
  }
  if (type === 'tool') return { ...base, tool_call_id: (m as BaseMessage & { tool_call_id?: string }).tool_call_id ?? '' };
  return base;
}

/** A message of the read models (the conversation as the thread's events hold it). */
export function fromMessageRow(m: Pick<MessageView, 'message_id' | 'role' | 'content'>): LgMessage {
  const base = { content: m.content, id: m.message_id, additional_kwargs: {}, response_metadata: {} };
  return m.role === 'user' ? { type: 'human', ...base } : { type: 'ai', ...base, tool_calls: [], invalid_tool_calls: [] };
}

/**
 * A streamed piece of an answer, as `messages` tuples carry it: a delta under the final message's id, so a client
 * concatenating chunks by id ends with the message `values` then shows.
 */
export const aiChunk = (id: string, text: string) => ({
  type: 'AIMessageChunk',
  content: text,
  id,
  tool_calls: [],
  tool_call_chunks: [],
  invalid_tool_calls: [],
  additional_kwargs: {},
  response_metadata: {},
});
