import {
  CHECKPOINT_EVENT_TYPES,
  CHECKPOINT_STREAM_PREFIX,
  THREAD_EVENT_TYPES,
  THREAD_SCHEMA_VERSION,
  threadIdOfStream,
} from '@forkline/domain';
import { EventStore, ThreadLineage } from '@forkline/event-store';
import { UsageError } from './cli-context';
import { ExportedEvent } from './event-format';

type Data = Record<string, unknown>;
const THREAD_TYPES = new Set<string>(THREAD_EVENT_TYPES);
const CHECKPOINT_TYPES = new Set<string>(CHECKPOINT_EVENT_TYPES);
const CREATIONS = new Set(['ThreadCreated', 'ThreadForked']);

interface StreamPlan {
  kind: 'thread' | 'checkpoints';
  threadId: string;
  events: ExportedEvent[];
}

/**
 * Everything an import file claims is checked before anything is written: a file is an operator's input,
 * and a forged line could otherwise make one user's thread read, or take over, another's. Ownership
 * across users (a fork of another user's thread, a new owner) passes only with `--owner <that owner>`.
 */
export async function checkImport(eventStore: EventStore, streams: Map<string, ExportedEvent[]>, ownerFlag?: string): Promise<void> {
  const plans = [...streams].map(([streamId, events]) => planOf(streamId, events));
  const lineage = new ThreadLineage(eventStore);
  const owners = new Map<string, string | undefined>();
  const ownerOf = async (threadId: string): Promise<string | undefined> => {
    if (!owners.has(threadId)) owners.set(threadId, (await lineage.origin(threadId))?.ownerId);
    return owners.get(threadId);
  };
  for (const plan of plans.filter((p) => p.kind === 'thread' && p.events[0].revision === 0)) {
    const owner = String((plan.events[0].data as Data).ownerId);
    const stored = await ownerOf(plan.threadId);
    if (stored !== undefined && stored !== owner)
      crossOwner(ownerFlag, owner, `thread '${plan.threadId}' of ${stored} would change owner to ${owner}`);
    owners.set(plan.threadId, owner);
  }
  for (const plan of plans) {
    const owner = await ownerOf(plan.threadId);
    if (owner === undefined)
      throw new UsageError(`stream of thread '${plan.threadId}' continues a thread that is neither in the file nor in the store`);
    if (plan.kind === 'thread') await checkEventNumbers(eventStore, plan);
    for (const e of plan.events) {
      if (e.metadata.actor !== owner && e.metadata.actor !== 'agent') {
        crossOwner(ownerFlag, owner, `${describe(e)} is by ${e.metadata.actor} in a thread of ${owner}`);
      }
      const source = forkSource(e);
      if (source === undefined) continue;
      const sourceOwner = await ownerOf(source);
      if (sourceOwner === undefined)
        throw new UsageError(`${describe(e)} forks '${source}', which is neither in the file nor in the store`);
      if (sourceOwner !== owner)
        crossOwner(ownerFlag, owner, `${describe(e)} forks '${source}', a thread of ${sourceOwner}, into a thread of ${owner}`);
    }
  }
}

function crossOwner(ownerFlag: string | undefined, owner: string, problem: string): void {
  if (ownerFlag !== owner) throw new UsageError(`${problem}; pass --owner ${owner} to import it anyway`);
}

const describe = (e: ExportedEvent) => `${e.streamId}#${e.revision} (${e.type})`;

function forkSource(e: ExportedEvent): string | undefined {
  const data = e.data as Data;
  if (e.type === 'ThreadForked') return String(data.sourceThreadId);
  if (e.type === 'CheckpointForked') return String((data.source as Data | undefined)?.threadId);
  return undefined;
}

function planOf(streamId: string, events: ExportedEvent[]): StreamPlan {
  const threadId = threadIdOfStream(streamId);
  const checkpointsOf = streamId.startsWith(CHECKPOINT_STREAM_PREFIX) ? streamId.slice(CHECKPOINT_STREAM_PREFIX.length) : null;
  const plan: StreamPlan | null = threadId
    ? { kind: 'thread', threadId, events }
    : checkpointsOf
      ? { kind: 'checkpoints', threadId: checkpointsOf, events }
      : null;
  if (!plan) throw new UsageError(`stream '${streamId}' is not a thread-<id> or checkpoints-<id> stream`);
  const types = plan.kind === 'thread' ? THREAD_TYPES : CHECKPOINT_TYPES;
  events.forEach((e, i) => {
    const fail = (why: string) => new UsageError(`${describe(e)}: ${why}`);
    if (e.revision !== events[0].revision + i || e.revision < 0) throw fail(`revisions must be contiguous from ${events[0].revision}`);
    if (!types.has(e.type)) throw fail(`not a ${plan.kind} event type`);
    const data = e.data as Data | null;
    if (typeof data !== 'object' || data === null || data.threadId !== plan.threadId)
      throw fail(`data.threadId must be '${plan.threadId}'`);
    if (!validMetadata(e))
      throw fail(`metadata needs actor, correlationId, causationId, occurredAt and schemaVersion ${THREAD_SCHEMA_VERSION}`);
    if (plan.kind === 'thread' && CREATIONS.has(e.type) !== (e.revision === 0))
      throw fail('a thread is created or forked by its first event only');
    if (CREATIONS.has(e.type) && (typeof data.ownerId !== 'string' || data.ownerId === '')) throw fail('needs an ownerId');
    if (forkSource(e) === plan.threadId) throw fail('a thread cannot fork itself');
  });
  return plan;
}

function validMetadata({ eventId, metadata: m }: ExportedEvent): boolean {
  return (
    typeof eventId === 'string' &&
    eventId !== '' &&
    typeof m === 'object' &&
    m !== null &&
    typeof m.actor === 'string' &&
    m.actor !== '' &&
    typeof m.correlationId === 'string' &&
    (m.causationId === null || typeof m.causationId === 'string') &&
    typeof m.occurredAt === 'string' &&
    !Number.isNaN(Date.parse(m.occurredAt)) &&
    m.schemaVersion === THREAD_SCHEMA_VERSION
  );
}

/** A thread's event numbers follow its revisions from its first event (0, or one past the fork point). */
async function checkEventNumbers(eventStore: EventStore, plan: StreamPlan): Promise<void> {
  const [first] = plan.events;
  let base: number;
  if (first.revision === 0) {
    const data = first.data as Data;
    base = first.type === 'ThreadForked' ? Number(data.fromEventNumber) + 1 : 0;
    if (!Number.isInteger(base) || base < 0) throw new UsageError(`${describe(first)}: fromEventNumber must be a whole number`);
  } else {
    const [before] = await eventStore.readStream(first.streamId, { fromRevision: first.revision - 1, limit: 1 });
    if (before?.revision !== first.revision - 1)
      throw new UsageError(`${describe(first)}: the store has no revision ${first.revision - 1} to follow`);
    base = Number((before.data as Data).eventNumber) - before.revision;
  }
  for (const e of plan.events) {
    if ((e.data as Data).eventNumber !== base + e.revision)
      throw new UsageError(`${describe(e)}: event number must be ${base + e.revision}`);
  }
}
