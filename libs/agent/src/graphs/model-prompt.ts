import { AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { fitContext } from '../context-window';
import { messageText } from './model-stream';

/** How a run turns the thread's state into what the model is sent. */
export interface PromptSettings {
  /** The agent's system prompt, sent first (after a graph's own instructions). */
  systemPrompt?: string;
  /** How many of the newest conversation messages the model sees. */
  contextMessages: number;
  /** At most this many characters of conversation (the newest messages that fit). */
  contextChars: number;
}

/** A React round's tool call or tool result: part of the run's work, not of the conversation the next run is sent. */
export const isRunStep = (m: BaseMessage): boolean =>
  ToolMessage.isInstance(m) || (AIMessage.isInstance(m) && (m.tool_calls?.length ?? 0) > 0);

/**
 * What a model call is sent: the graph's own instructions, the agent's system prompt, then the conversation up to the
 * message being answered, trimmed to the context window, then this run's tool rounds. The state keeps the whole
 * conversation; only the prompt is trimmed, so a long thread never rewrites its state to fit the window.
 */
export function modelPrompt(settings: PromptSettings, state: BaseMessage[], instructions?: string): BaseMessage[] {
  let answering = state.length - 1;
  while (answering >= 0 && state[answering].getType() !== 'human') answering--;
  const window = newestConversation(state, answering, settings.contextMessages).map((m) => ({
    role: m.getType(),
    content: messageText(m),
  }));
  // Fresh messages without ids: the model is sent exactly what it was sent when the window was the run's input.
  const sent = fitContext(window, settings.contextChars).map((m) =>
    m.role === 'human' ? new HumanMessage(m.content) : new AIMessage(m.content),
  );
  return [
    ...(instructions ? [new SystemMessage(instructions)] : []),
    ...(settings.systemPrompt ? [new SystemMessage(settings.systemPrompt)] : []),
    ...sent,
    ...state.slice(answering + 1),
  ];
}

const isConversation = (m: BaseMessage) => !isRunStep(m) && m.getType() !== 'system';

/**
 * The newest `count` conversation messages up to index `upTo` of the state, looked for from there backwards: the state
 * holds the whole thread, and filtering all of it every run cost more the longer the thread.
 */
function newestConversation(state: BaseMessage[], upTo: number, count: number): BaseMessage[] {
  if (!(Number.isInteger(count) && count > 0))
    return state
      .slice(0, upTo + 1)
      .filter(isConversation)
      .slice(-count);
  const newest: BaseMessage[] = [];
  for (let i = upTo; i >= 0 && newest.length < count; i--) if (isConversation(state[i])) newest.push(state[i]);
  return newest.reverse();
}
