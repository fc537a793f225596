import { CheckpointSaved } from './checkpoint-events';
import { sha1 } from './deterministic-id';

/**
 * Checkpoints a run implies but does not store. A Forkline run stores one checkpoint, at its end (its answer); LangGraph
 * clients (useStream's edit and regenerate) also need the two before it: the state with the run's new message applied but
 * unanswered ("input"), and for a thread's first run the empty state before its first message ("root"). They are derived
 * from the stored checkpoint on read, so they cost no storage: their ids come from its id (uuid6, a tick or two earlier, so
 * they sort between it and its parent), their values from its values and its parent's.
 */
export interface VirtualCheckpoint {
  checkpointId: string;
  kind: 'input' | 'root';
  /** The stored checkpoint it is derived from. */
  of: string;
  /** Its parent: the stored checkpoint's parent for an input one (or the root one), none for a root one. */
  parentCheckpointId: string | null;
  /** Input: the event number of the message the run answers; root: the event just before it. */
  threadEventNumber: number;
}

/**
 * Where a run whose input adds messages tells the saver which message it answers (its configurable), and where the saver
 * keeps it (the checkpoint's metadata).
 */
export const INPUT_EVENT_KEY = 'forkline_input_event';

/** Marks a channel version that only a virtual checkpoint has: `<version>~<virtual checkpoint id>`. */
const VIRTUAL_VERSION = '~';

/** The uuid6 a few 100 ns ticks before `id`, its node replaced by a hash (unique: never a real checkpoint's id). */
export function virtualId(id: string, kind: VirtualCheckpoint['kind']): string {
  const hex = id.replace(/-/g, '');
  const time = BigInt(`0x${hex.slice(0, 12)}${hex.slice(13, 16)}`) - (kind === 'input' ? 1n : 2n);
  const t = time.toString(16).padStart(15, '0');
  const node = sha1(`${kind}:${id}`).toString('hex').slice(0, 12);
  const out = `${t.slice(0, 12)}${hex[12]}${t.slice(12)}${hex.slice(16, 20)}${node}`;
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}

/** When a uuid6 was made, as an ISO date (the Gregorian 100 ns ticks of its first 60 bits). */
export function uuid6Time(id: string): string {
  const hex = id.replace(/-/g, '');
  const ticks = BigInt(`0x${hex.slice(0, 12)}${hex.slice(13, 16)}`);
  return new Date(Number((ticks - 0x01b21dd213814000n) / 10_000n)).toISOString();
}

/**
 * The virtual checkpoints a stored root-namespace checkpoint implies, from its own event alone (a projection can list them
 * too): an input one when it is a run's whose input added messages (its metadata then names the message the run answered;
 * a run from a checkpoint that already holds its message, a regenerate, adds none), and a root one before a thread's
 * first run.
 */
export function virtualsOf(saved: CheckpointSaved['data']): VirtualCheckpoint[] {
  const [type, metadata] = saved.metadata;
  const answered = type === 'json' ? (metadata as Record<string, unknown> | null)?.[INPUT_EVENT_KEY] : undefined;
  if (typeof answered !== 'number') return [];
  const input: VirtualCheckpoint = {
    checkpointId: virtualId(saved.checkpointId, 'input'),
    kind: 'input',
    of: saved.checkpointId,
    parentCheckpointId: saved.parentCheckpointId,
    threadEventNumber: answered,
  };
  if (saved.parentCheckpointId !== null) return [input];
  const root: VirtualCheckpoint = {
    checkpointId: virtualId(saved.checkpointId, 'root'),
    kind: 'root',
    of: saved.checkpointId,
    parentCheckpointId: null,
    threadEventNumber: answered - 1,
  };
  return [{ ...input, parentCheckpointId: root.checkpointId }, root];
}

export const virtualVersion = (version: number | string | undefined, checkpointId: string): string =>
  `${version ?? '0000000000.000000'}${VIRTUAL_VERSION}${checkpointId}`;

/** The virtual checkpoint a version names (see virtualVersion), if any. */
export const virtualOfVersion = (version: number | string): string | undefined => String(version).split(VIRTUAL_VERSION)[1];
