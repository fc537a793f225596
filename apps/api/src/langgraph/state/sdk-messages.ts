import { AIMessage, BaseMessage, HumanMessage, isBaseMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { BadRequestException } from '@nestjs/common';
import { clientKwargs } from '@forkline/agent';

/** A message as the LangGraph SDK's `Message` type has it (LangChain's dict form: `type` human | ai | system | tool). */
export type SdkMessage = Record<string, unknown> & { type: string; content: unknown; id?: string };

const TYPE_OF_ROLE: Record<string, string> = { human: 'human', user: 'human', ai: 'ai', assistant: 'ai', system: 'system', tool: 'tool' };

/**
 * A state message as LangGraph's server sends it: LangChain's dict form with the message's id (the Forkline message id,
 * the same in every branch that holds it). A value already in dict form (an old checkpoint's) passes through.
 */
export function toSdkMessage(message: unknown): SdkMessage {
  if (!isBaseMessage(message)) return message as SdkMessage;
  const m = message as BaseMessage;
  const ai = message as Partial<Pick<AIMessage, 'tool_calls' | 'invalid_tool_calls' | 'usage_metadata'>>;
  const tool = message as Partial<Pick<ToolMessage, 'tool_call_id' | 'status'>>;
  const out: SdkMessage = {
    type: m.getType(),
    content: m.content,
    id: m.id,
    name: m.name,
    additional_kwargs: clientKwargs(m),
    response_metadata: m.response_metadata ?? {},
  };
  if (out.type === 'ai') Object.assign(out, { tool_calls: ai.tool_calls ?? [], invalid_tool_calls: ai.invalid_tool_calls ?? [] });
  if (out.type === 'ai' && ai.usage_metadata) out.usage_metadata = ai.usage_metadata;
  if (out.type === 'tool') Object.assign(out, { tool_call_id: tool.tool_call_id, status: tool.status });
  return out;
}

/**
 * A message a client sends (`{type|role, content, id?}`, as the SDK and useStream send them) as a LangChain message;
 * 400 naming `field` when it is none. A message without an id gets one, so the state holds it under a stable id.
 */
export function fromSdkMessage(value: unknown, field: string): BaseMessage {
  if (typeof value === 'string') return new HumanMessage({ content: value, id: crypto.randomUUID() });
  const m = value as Record<string, unknown> | null;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new BadRequestException(`${field}: must be a message object`);
  const type = TYPE_OF_ROLE[String(m.type ?? m.role)];
  if (!type) throw new BadRequestException(`${field}.type: must be one of human, ai, system, tool`);
  const content = m.content;
  if (typeof content !== 'string' && !Array.isArray(content))
    throw new BadRequestException(`${field}.content: must be a string or an array`);
  if (m.id !== undefined && m.id !== null && typeof m.id !== 'string') throw new BadRequestException(`${field}.id: must be a string`);
  const fields = { content: content as string, id: (m.id as string | undefined) ?? crypto.randomUUID(), name: optionalString(m.name) };
  switch (type) {
    case 'human':
      return new HumanMessage(fields);
    case 'ai':
      return new AIMessage(fields);
    case 'system':
      return new SystemMessage(fields);
    default:
      if (typeof m.tool_call_id !== 'string') throw new BadRequestException(`${field}.tool_call_id: must be a string`);
      return new ToolMessage({ ...fields, tool_call_id: m.tool_call_id });
  }
}

const optionalString = (v: unknown) => (typeof v === 'string' ? v : undefined);
