import { MessageView } from '@forkline/read-models';
import { SdkMessage } from '../state/sdk-messages';

/** A message of the read models (the conversation as the thread's events hold it). */
export function fromMessageRow(m: Pick<MessageView, 'message_id' | 'role' | 'content'>): SdkMessage {
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
