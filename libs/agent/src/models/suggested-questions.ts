import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, MessageContent } from '@langchain/core/messages';

/** One exchange of the conversation: a question and its answer. */
export interface Exchange {
  query: string;
  answer: string;
}

/** What Dify asks its model after an answer (its SUGGESTED_QUESTIONS_AFTER_ANSWER prompt), worded for any model. */
export const SUGGESTION_INSTRUCTION =
  'Please help me predict the three most likely questions that the human would ask next, keeping each question short (under 20 words). ' +
  "Make sure your output is in the same language as the Assistant's latest response. " +
  'The output must be an array in JSON format following the specified schema:\n["question1","question2","question3"]';

/** Dify sends the model the latest exchanges only (about 3000 tokens of history). */
const EXCHANGES = 3;
const CHARS_PER_TEXT = 2000;
const MAX_QUESTIONS = 3;
const MAX_QUESTION_CHARS = 500;

/** The conversation's latest exchanges as a transcript, then the instruction: one user message, as Dify builds it. */
export function suggestionPrompt(exchanges: Exchange[]): string {
  const clip = (text: string) => (text.length > CHARS_PER_TEXT ? `${text.slice(0, CHARS_PER_TEXT)}…` : text);
  const transcript = exchanges
    .slice(-EXCHANGES)
    .map((e) => `Human: ${clip(e.query)}\nAssistant: ${clip(e.answer)}`)
    .join('\n');
  return `${transcript}\n\n${SUGGESTION_INSTRUCTION}`;
}

/** The questions of a model's answer: the first JSON array in it (as Dify's output parser reads it), else none. */
export function parseSuggestions(text: string): string[] {
  const match = /\[[\s\S]*?\]/.exec(text);
  if (!match) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[0]);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((q): q is string => typeof q === 'string' && q.trim() !== '')
    .map((q) => q.trim().slice(0, MAX_QUESTION_CHARS))
    .slice(0, MAX_QUESTIONS);
}

/** Up to three follow-up questions the model suggests after the latest exchange. */
export async function suggestQuestions(model: BaseChatModel, exchanges: Exchange[], signal?: AbortSignal): Promise<string[]> {
  // Streamed, as runs call models: the provider reports usage, and nothing counts tokens locally (which may fetch encodings).
  let text = '';
  for await (const chunk of await model.stream([new HumanMessage(suggestionPrompt(exchanges))], { signal })) text += textOf(chunk.content);
  return parseSuggestions(text);
}

const textOf = (content: MessageContent): string =>
  typeof content === 'string'
    ? content
    : content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');

/**
 * The offline model's answer to the suggestion prompt: three questions about the latest question, as JSON, the same
 * every time for the same conversation (it knows no more than it is told).
 */
export function offlineSuggestions(prompt: string): string {
  const lastQuestion = [...prompt.matchAll(/^Human: (.*)$/gm)].pop()?.[1].trim() ?? '';
  const topic = lastQuestion.length > 40 ? `${lastQuestion.slice(0, 39)}…` : lastQuestion;
  return JSON.stringify([`Can you tell me more about "${topic}"?`, `Why does "${topic}" matter?`, `What is an example of "${topic}"?`]);
}
