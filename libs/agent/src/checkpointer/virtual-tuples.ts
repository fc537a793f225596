import { Checkpoint, CheckpointTuple } from '@langchain/langgraph-checkpoint';
import { LinearValues } from './linear-values';
import { uuid6Time, VirtualCheckpoint, virtualVersion } from '@forkline/domain';

/** A stored (or virtual) checkpoint of a thread as a tuple, or undefined. */
type TupleOf = (threadId: string, checkpointId: string) => Promise<CheckpointTuple | undefined>;

/**
 * Virtual checkpoints (see virtual-checkpoints) as LangGraph tuples, so a run, a state update or a fork can start at one as
 * at any checkpoint. Channels that differ from the parent's (messages, threadEventNumber) get versions of their own that no
 * blob has: a fork keeping one reads the value back through the virtual checkpoint (LinearValues.blobValue).
 */
export class VirtualTuples {
  constructor(
    private readonly values: LinearValues,
    private readonly tupleOf: TupleOf,
  ) {}

  async tuple(threadId: string, v: VirtualCheckpoint): Promise<CheckpointTuple | undefined> {
    const stored = await this.tupleOf(threadId, v.of);
    if (!stored) return undefined;
    const parent = v.parentCheckpointId === null ? undefined : await this.tupleOf(threadId, v.parentCheckpointId);
    const checkpoint: Checkpoint = {
      ...stored.checkpoint,
      id: v.checkpointId,
      ts: uuid6Time(v.checkpointId),
      channel_values: {},
      channel_versions: {},
      versions_seen: structuredClone(parent?.checkpoint.versions_seen ?? {}),
    };
    if (v.kind === 'input') {
      for (const [channel, version] of Object.entries(stored.checkpoint.channel_versions)) {
        const value = await this.values.channelAt(threadId, '', v.checkpointId, channel);
        if (value === undefined) continue;
        const own = channel === 'messages' || channel === 'threadEventNumber';
        checkpoint.channel_values[channel] = value;
        checkpoint.channel_versions[channel] =
          (!own && parent?.checkpoint.channel_versions[channel]) || virtualVersion(version, v.checkpointId);
      }
    }
    const step = typeof parent?.metadata?.step === 'number' ? parent.metadata.step + 1 : -1;
    const config = { configurable: { thread_id: threadId, checkpoint_ns: '', checkpoint_id: v.checkpointId } };
    const tuple: CheckpointTuple = {
      config,
      checkpoint,
      metadata: { source: v.kind === 'root' ? 'input' : 'loop', step, parents: {} },
      pendingWrites: [],
    };
    if (v.parentCheckpointId !== null)
      tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: '', checkpoint_id: v.parentCheckpointId } };
    return tuple;
  }
}
