import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { MAX_MESSAGE_LENGTH } from '../../http/limits';

const HUMAN = new Set(['human', 'user']);

/**
 * The user message a run's input brings: `{messages: [m]}` with one human message, `m` as LangChain dicts have it
 * (`{type: "human", content}`, or `{role: "user", content}`), its content a string or text blocks. Null: no new message.
 */
export function inputMessage(input: Record<string, unknown> | null | undefined): string | null {
  if (input == null) return null;
  const messages = input.messages;
  if (!Array.isArray(messages)) throw new BadRequestException('input.messages: must be a list of messages');
  if (messages.length !== 1)
    throw new UnprocessableEntityException('input.messages: a run takes exactly one new message (the next user turn)');
  const m = messages[0] as Record<string, unknown> | null;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new BadRequestException('input.messages.0: must be a message object');
  const type = m.type ?? m.role;
  if (typeof type !== 'string' || !HUMAN.has(type))
    throw new UnprocessableEntityException("input.messages.0.type: a run's new message must be a human message");
  const text = contentText(m.content);
  if (!/\S/.test(text)) throw new BadRequestException('input.messages.0.content: must not be empty');
  if (text.length > MAX_MESSAGE_LENGTH)
    throw new BadRequestException(`input.messages.0.content: must be at most ${MAX_MESSAGE_LENGTH} characters`);
  return text;
}

/** A string, or content blocks of which the text ones are kept (joined). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const blocks = content as Array<Record<string, unknown> | null>;
    if (blocks.every((b) => typeof b === 'object' && b !== null && (b.type !== 'text' || typeof b.text === 'string')))
      return blocks.map((b) => (b!.type === 'text' ? String(b!.text) : '')).join('');
  }
  throw new BadRequestException('input.messages.0.content: must be a string or a list of content blocks');
}
