import {
  AGENT_EVENT_TYPES,
  ANNOTATION_EVENT_TYPES,
  AnnotationEvent,
  annotationsStreamId,
  AgentEvent,
  agentStreamId,
  CHECKPOINT_EVENT_TYPES,
  CheckpointEvent,
  checkpointStreamId,
  THREAD_EVENT_TYPES,
  ThreadEvent,
  threadStreamId,
} from '@forkline/domain';
import { Position, RecordedEvent } from '@forkline/event-store';
import { ReadModelChange, RowChange, TableName } from '../read-model.schema';

type Logged = { occurredAt: string; eventId: string; position: Position; actor: string };
export type ProjectedEvent = (ThreadEvent | CheckpointEvent | AgentEvent | AnnotationEvent) & Logged;
/** The events of a conversation (a thread or its checkpoints): what most projectors read. */
export type ConversationEvent = (ThreadEvent | CheckpointEvent) & Logged;
export type ProjectedAgentEvent = AgentEvent & Logged;
export type ProjectedAnnotationEvent = AnnotationEvent & Logged;

/** A pure function from one logged event to the read-model changes it causes; it never reads. */
export interface Projector {
  readonly name: string;
  /** The read-model tables it alone writes (what a rebuild of it starts from empty). */
  readonly tables: TableName[];
  /** The event's changes, each carrying the event's position (which makes applying it twice harmless). */
  project(event: ProjectedEvent): ReadModelChange[];
}

/**
 * A projector from its rule, which may change only the projector's own tables. The stores apply a change
 * only to rows older than its event, so a rule changes a row at most once per event.
 */
export function defineProjector<T extends TableName>(
  name: string,
  tables: T[],
  rule: (event: ConversationEvent) => NoInfer<RowChange<T>>[],
): Projector {
  const project = (event: ProjectedEvent) => (isAgentEvent(event) || isAnnotationEvent(event) ? [] : positioned(rule(event), event));
  return { name, tables, project };
}

/** A projector of agent definitions (the `agent-<agentId>` streams); conversation events pass it by. */
export function defineAgentProjector<T extends TableName>(
  name: string,
  tables: T[],
  rule: (event: ProjectedAgentEvent) => NoInfer<RowChange<T>>[],
): Projector {
  const project = (event: ProjectedEvent) => (isAgentEvent(event) ? positioned(rule(event), event) : []);
  return { name, tables, project };
}

/** A projector of apps' annotations (the `annotations-<agentId>` streams); every other event passes it by. */
export function defineAnnotationProjector<T extends TableName>(
  name: string,
  tables: T[],
  rule: (event: ProjectedAnnotationEvent) => NoInfer<RowChange<T>>[],
): Projector {
  const project = (event: ProjectedEvent) => (isAnnotationEvent(event) ? positioned(rule(event), event) : []);
  return { name, tables, project };
}

/** A rule's changes with the event's position (most events change nothing in most read models: no new array then). */
const positioned = (changes: RowChange[], event: ProjectedEvent): ReadModelChange[] =>
  changes.length === 0 ? (changes as ReadModelChange[]) : changes.map((change) => ({ ...change, position: event.position }));

const asProjected = (e: RecordedEvent): ProjectedEvent =>
  ({
    type: e.type,
    data: e.data,
    occurredAt: e.metadata.occurredAt,
    eventId: e.eventId,
    position: e.position,
    actor: e.metadata.actor,
  }) as ProjectedEvent;

const THREAD_TYPES = new Set<string>(THREAD_EVENT_TYPES);
const CHECKPOINT_TYPES = new Set<string>(CHECKPOINT_EVENT_TYPES);
const AGENT_TYPES = new Set<string>(AGENT_EVENT_TYPES);
const ANNOTATION_TYPES = new Set<string>(ANNOTATION_EVENT_TYPES);

export const isAgentEvent = (e: ProjectedEvent): e is ProjectedAgentEvent => AGENT_TYPES.has(e.type);
export const isAnnotationEvent = (e: ProjectedEvent): e is ProjectedAnnotationEvent => ANNOTATION_TYPES.has(e.type);

/** A LangGraph checkpoint event (the `checkpoints-<threadId>` stream), as opposed to a conversation event. */
export const isCheckpointEvent = (e: ProjectedEvent): e is ProjectedEvent & CheckpointEvent => CHECKPOINT_TYPES.has(e.type);

/**
 * Whether the event is one projectors understand, in the stream of the thread it names. Projectors key rows
 * by the thread id in the data, so an event that names another thread than its stream's (a forged import)
 * would otherwise write into that thread's read models.
 */
function inItsThreadStream(e: RecordedEvent): boolean {
  if (AGENT_TYPES.has(e.type)) return inItsAgentStream(e);
  if (ANNOTATION_TYPES.has(e.type)) return inItsAgentStream(e, annotationsStreamId);
  const threadId = (e.data as { threadId?: unknown } | null)?.threadId;
  if (typeof threadId !== 'string') return false;
  if (THREAD_TYPES.has(e.type)) return e.streamId === threadStreamId(threadId);
  return CHECKPOINT_TYPES.has(e.type) && e.streamId === checkpointStreamId(threadId);
}

function inItsAgentStream(e: RecordedEvent, streamOf = agentStreamId): boolean {
  const agentId = (e.data as { agentId?: unknown } | null)?.agentId;
  return typeof agentId === 'string' && e.streamId === streamOf(agentId);
}

/** The events of a batch that projectors understand (other applications' events and misplaced ones are skipped). */
export const projectable = (batch: RecordedEvent[]): ProjectedEvent[] => batch.filter(inItsThreadStream).map(asProjected);
