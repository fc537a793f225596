import type { Frame } from './thread-stream';

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  eventNumber: number;
  replyTo?: string;
  runId?: string;
  stopped?: boolean;
}
export interface RunView {
  runId: string;
  replyTo: string;
  status: 'running' | 'completed' | 'failed' | 'stopped';
  /** The answer so far, from token deltas (the durable AssistantMessageAdded replaces it). */
  streamed: string;
  steps: string[];
  tools: string[];
  usage?: { inputTokens: number; outputTokens: number; latencyMs: number };
  error?: string;
}
export interface Ancestor {
  threadId: string;
  sourceThreadId: string;
  fromEventNumber: number;
}
export interface Conversation {
  messages: ChatMessage[];
  runs: Record<string, RunView>;
  ancestors: Ancestor[];
  lastEventNumber: number;
}

export const emptyConversation = (): Conversation => ({ messages: [], runs: {}, ancestors: [], lastEventNumber: -1 });

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** Folds one frame of the thread stream (durable event or live record) into the conversation shown. */
export function applyFrame(c: Conversation, frame: Frame): Conversation {
  const d = frame.data;
  if (typeof d.event_number === 'number') return applyEvent(c, frame.event, d.data as Record<string, unknown>, d.event_number);
  const runId = str(d.run_id);
  const data = (d.data ?? {}) as Record<string, unknown>;
  const run = c.runs[runId] ?? { runId, replyTo: str(data.reply_to), status: 'running', streamed: '', steps: [], tools: [] };
  const next = { ...run };
  switch (frame.event) {
    case 'run_started': // a retried attempt starts over
      Object.assign(next, { replyTo: str(data.reply_to), streamed: '', steps: [], tools: [], status: 'running' });
      break;
    case 'token_delta':
      next.streamed = data.reset ? '' : run.streamed + str(data.text);
      break;
    case 'node_started':
      next.steps = [...run.steps, str(data.step ?? data.node)];
      break;
    case 'tool_call':
      next.tools = [...run.tools, `${str(data.name)}(${str(data.args)})`];
      break;
    case 'tool_result':
      next.tools = [...run.tools, `→ ${str(data.output ?? data.content ?? data.result)}`];
      break;
    default:
      return c;
  }
  return { ...c, runs: { ...c.runs, [runId]: next } };
}

function applyEvent(c: Conversation, type: string, d: Record<string, unknown>, eventNumber: number): Conversation {
  const c2 = { ...c, lastEventNumber: Math.max(c.lastEventNumber, eventNumber) };
  const runId = str(d.runId);
  const updateRun = (patch: Partial<RunView>) => {
    const run = c2.runs[runId] ?? { runId, replyTo: str(d.replyTo), status: 'running', streamed: '', steps: [], tools: [] };
    return { ...c2, runs: { ...c2.runs, [runId]: { ...run, ...patch } } };
  };
  switch (type) {
    case 'ThreadForked':
      return {
        ...c2,
        ancestors: [
          ...c2.ancestors,
          { threadId: str(d.threadId), sourceThreadId: str(d.sourceThreadId), fromEventNumber: Number(d.fromEventNumber) },
        ],
      };
    case 'UserMessageAdded':
      return { ...c2, messages: [...c2.messages, { id: str(d.messageId), role: 'user', content: str(d.content), eventNumber }] };
    case 'AssistantMessageAdded': {
      const message: ChatMessage = {
        id: str(d.messageId),
        role: 'assistant',
        content: str(d.content),
        eventNumber,
        replyTo: str(d.replyTo),
        runId,
        stopped: d.stopped === true,
      };
      return { ...c2, messages: [...c2.messages, message] };
    }
    case 'RunStarted':
      return updateRun({ replyTo: str(d.replyTo), status: 'running' });
    case 'RunCompleted':
      return updateRun({ status: 'completed' });
    case 'RunFailed':
      return updateRun({ status: 'failed', error: str(d.error) });
    case 'RunStopped':
      return runId ? updateRun({ status: 'stopped' }) : c2;
    case 'StatRecorded':
      return updateRun({
        usage: { inputTokens: Number(d.inputTokens), outputTokens: Number(d.outputTokens), latencyMs: Number(d.latencyMs) },
      });
    case 'LogRecorded': {
      // A step the live records already showed (node_started) is logged durably too: show it once.
      const steps = c2.runs[runId]?.steps ?? [];
      const step = str(d.step ?? d.message);
      return steps.includes(step) ? c2 : updateRun({ steps: [...steps, step] });
    }
    case 'HistoryCleared':
      return { ...c2, messages: [] };
    default:
      return c2;
  }
}

/** The run answering a user message (the latest attempt), if any. */
export const runFor = (c: Conversation, messageId: string): RunView | undefined =>
  Object.values(c.runs)
    .filter((r) => r.replyTo === messageId)
    .pop();
