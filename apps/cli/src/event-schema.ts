import { CheckpointEvent, ThreadEvent } from '@forkline/domain';
import { UsageError } from './cli-context';
import { ExportedEvent } from './event-format';

/**
 * The data each known event type carries, as in libs/domain's thread-events.ts and checkpoint-events.ts:
 * a field is a type ('string', 'integer', 'number', 'boolean', 'object', 'array', alternatives joined by '|'),
 * a nested shape, or `[shape]` for an array of them. A `?` after the name marks an optional field, which may
 * also be null (the API's optional inputs accept null). Only primitive types are checked: enough that a
 * projector never meets a missing id or a number that is text, which would fail its read-store commit forever.
 */
type Spec = string | Shape | [Shape];
interface Shape {
  [field: string]: Spec;
}

const FILE: Shape = { id: 'string', name: 'string', 'mimeType?': 'string', 'url?': 'string', 'size?': 'number', 'content?': 'string' };
const PENDING: Shape = { messageId: 'string', eventNumber: 'integer', 'mode?': 'string' };
const RUN = { threadId: 'string', runId: 'string', replyTo: 'string', eventNumber: 'integer' };

const THREAD_DATA: Record<ThreadEvent['type'], Shape> = {
  ThreadCreated: { threadId: 'string', ownerId: 'string', eventNumber: 'integer', 'agentId?': 'string' },
  ThreadForked: {
    threadId: 'string',
    ownerId: 'string',
    sourceThreadId: 'string',
    fromEventNumber: 'integer',
    eventNumber: 'integer',
    unanswered: [PENDING],
    'agentId?': 'string',
  },
  UserMessageAdded: {
    threadId: 'string',
    messageId: 'string',
    content: 'string',
    eventNumber: 'integer',
    'mode?': 'string',
    'files?': [FILE],
    'metadata?': 'object',
  },
  RunStarted: { ...RUN, mode: 'string', 'agentId?': 'string', 'agentVersion?': 'integer', 'workerId?': 'string', 'attempt?': 'integer' },
  RunResumed: { ...RUN, attempt: 'integer', workerId: 'string' },
  AssistantMessageAdded: { ...RUN, messageId: 'string', content: 'string', 'stopped?': 'boolean' },
  RunCompleted: RUN,
  RunFailed: { ...RUN, error: 'string' },
  RunStopped: { ...RUN, runId: 'string|null' },
  LogRecorded: {
    threadId: 'string',
    runId: 'string',
    logId: 'string',
    level: 'string',
    message: 'string',
    'step?': 'string',
    'progress?': 'number',
    eventNumber: 'integer',
  },
  StatRecorded: {
    threadId: 'string',
    runId: 'string',
    statId: 'string',
    mode: 'string',
    eventNumber: 'integer',
    latencyMs: 'number',
    inputTokens: 'number',
    outputTokens: 'number',
  },
  ThreadUpdated: { threadId: 'string', 'name?': 'string', 'description?': 'string', 'tags?': 'array', eventNumber: 'integer' },
  DocumentAttached: { threadId: 'string', messageId: 'string', document: FILE, eventNumber: 'integer' },
  MessageDeleted: { threadId: 'string', messageId: 'string', eventNumber: 'integer' },
  MessageFileRemoved: { threadId: 'string', messageId: 'string', fileId: 'string', eventNumber: 'integer' },
  HistoryCleared: { threadId: 'string', eventNumber: 'integer' },
  ThreadDeleted: { threadId: 'string', eventNumber: 'integer' },
  MessageFeedbackRecorded: {
    threadId: 'string',
    eventNumber: 'integer',
    messageId: 'string',
    conversationId: 'string',
    agentId: 'string',
    endUserId: 'string',
    rating: 'string|null',
    content: 'string|null',
    rated: 'boolean',
  },
  ConversationPinned: { threadId: 'string', eventNumber: 'integer', agentId: 'string', endUserId: 'string' },
  ConversationUnpinned: { threadId: 'string', eventNumber: 'integer', agentId: 'string', endUserId: 'string' },
  ConversationVariableUpdated: {
    threadId: 'string',
    eventNumber: 'integer',
    variableId: 'string',
    name: 'string',
    endUserId: 'string',
    'value?': 'string|number|boolean|object|array',
  },
  LangGraphMetadataSet: { threadId: 'string', eventNumber: 'integer', metadata: 'object' },
  LangGraphBranchMarked: { threadId: 'string', eventNumber: 'integer', langgraphThreadId: 'string', checkpointId: 'string' },
};

const CHECKPOINT = { threadId: 'string', checkpointNs: 'string', checkpointId: 'string' };
const CHECKPOINT_DATA: Record<CheckpointEvent['type'], Shape> = {
  CheckpointSaved: {
    ...CHECKPOINT,
    parentCheckpointId: 'string|null',
    threadEventNumber: 'number|null',
    checkpoint: 'array',
    metadata: 'array',
    channelVersions: 'object',
    blobs: 'object',
  },
  CheckpointWritesSaved: {
    ...CHECKPOINT,
    taskId: 'string',
    taskPath: 'string',
    writes: [{ idx: 'integer', channel: 'string', value: 'object' }],
  },
  CheckpointForked: { ...CHECKPOINT, source: { threadId: 'string', checkpointId: 'string' }, threadEventNumber: 'number|null' },
  CheckpointsCleared: { threadId: 'string' },
};

const DATA: Record<string, Shape> = { ...THREAD_DATA, ...CHECKPOINT_DATA };

/** Refuses a known event type whose data lacks a field or has one of the wrong type; unknown types are left to the stream check. */
export function checkEventData(e: ExportedEvent, lineNumber: number): void {
  const shape = Object.prototype.hasOwnProperty.call(DATA, e.type) ? DATA[e.type] : undefined;
  if (!shape) return;
  const problem = shapeProblem(e.data, shape, 'data');
  if (problem) throw new UsageError(`line ${lineNumber} (${e.type}): ${problem}`);
}

function shapeProblem(value: unknown, shape: Shape, path: string): string | null {
  if (typeOf(value) !== 'object') return `${path} must be an object`;
  const record = value as Record<string, unknown>;
  for (const [key, spec] of Object.entries(shape)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const field = record[name];
    if (optional && (field === undefined || field === null)) continue;
    const problem = specProblem(field, spec, `${path}.${name}`);
    if (problem) return problem;
  }
  return null;
}

function specProblem(value: unknown, spec: Spec, path: string): string | null {
  if (typeof spec === 'string') {
    const allowed = spec.split('|');
    if (value === undefined) return `${path} is missing (${spec})`;
    return allowed.includes(typeOf(value)) || (allowed.includes('number') && typeOf(value) === 'integer')
      ? null
      : `${path} must be ${spec}`;
  }
  if (!Array.isArray(spec)) return value === undefined ? `${path} is missing (object)` : shapeProblem(value, spec, path);
  if (!Array.isArray(value)) return value === undefined ? `${path} is missing (array)` : `${path} must be an array`;
  for (const [i, item] of value.entries()) {
    const problem = shapeProblem(item, spec[0], `${path}[${i}]`);
    if (problem) return problem;
  }
  return null;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
