import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { BaseMessage } from '@langchain/core/messages';
import { messagesStateReducer } from '@langchain/langgraph';
import { copyCheckpoint, uuid6 } from '@langchain/langgraph-checkpoint';
import { EventSourcedCheckpointSaver, markStateOnly } from '@forkline/agent';
import { CommandContext, EVENT_STORE, EventStore } from '@forkline/event-store';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { LangGraphBranches } from '../branches/langgraph-branches.service';
import { checkpointRef, CheckpointRef } from './langgraph-states.service';
import { fromSdkMessage } from './sdk-messages';

/** Channels a state update may write: the conversation (LangGraph's add-messages reducer) and the actionplan's lists (replaced). */
const LISTS = new Set(['plan', 'results']);

/**
 * LangGraph's updateState: a new checkpoint whose parent is the given one (by default the newest head), in the branch whose
 * head that is, else in a new branch fork starting at it. Only the graph state changes: the thread's log of messages does not.
 */
@Injectable()
export class StateUpdates {
  constructor(
    private readonly branches: LangGraphBranches,
    private readonly checkpointer: EventSourcedCheckpointSaver,
    private readonly projections: ProjectionsService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async update(
    userId: string,
    threadId: string,
    update: { values: unknown; checkpointId?: string; asNode?: string },
    ctx: CommandContext,
  ): Promise<{ checkpoint: CheckpointRef; configurable: CheckpointRef }> {
    const changes = channelChanges(update.values);
    const from = update.checkpointId ?? (await this.branches.newestHead(userId, threadId))?.checkpointId;
    if (from === undefined) throw new BadRequestException('checkpoint_id: the thread has no state to update yet');
    const target = await this.branches.branchAt(userId, threadId, from, ctx);
    const parent = await this.checkpointer.getTuple({ configurable: { thread_id: target, checkpoint_ns: '' } });
    if (!parent) throw new BadRequestException('checkpoint_id: the thread has no state to update yet');
    const checkpoint = copyCheckpoint(parent.checkpoint);
    checkpoint.id = uuid6(-1);
    checkpoint.ts = new Date().toISOString();
    const versions: Record<string, number> = {};
    for (const [channel, value] of Object.entries(changes)) {
      const old = checkpoint.channel_values[channel];
      checkpoint.channel_values[channel] =
        channel === 'messages' ? messagesStateReducer((old as BaseMessage[]) ?? [], value as BaseMessage[]) : value;
      versions[channel] = this.checkpointer.getNextVersion(checkpoint.channel_versions[channel] as number | undefined);
      checkpoint.channel_versions[channel] = versions[channel];
    }
    const step = typeof parent.metadata?.step === 'number' ? parent.metadata.step + 1 : 0;
    const metadata = { source: 'update' as const, step, parents: {}, writes: { [update.asNode ?? 'respond']: update.values } };
    await this.checkpointer.put(parent.config, checkpoint, metadata, versions);
    // The checkpoint is in the log: the read models (which branch holds the newest head) catch up before the answer.
    await this.projections.waitForReadModels(await this.events.headPosition());
    const ref = checkpointRef(threadId, checkpoint.id);
    return { checkpoint: ref, configurable: ref };
  }
}

/** The update's values as channel values; 400 naming the field for anything else. */
function channelChanges(values: unknown): Record<string, unknown> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new BadRequestException('values: must be an object');
  const changes: Record<string, unknown> = {};
  for (const [channel, value] of Object.entries(values)) {
    if (channel === 'messages') {
      const list = Array.isArray(value) ? value : [value];
      // Marked: no message of the thread's log, so the run that answers on top of this state keeps it (conversationInput).
      changes.messages = list.map((m, i) => markStateOnly(fromSdkMessage(m, `values.messages[${i}]`)));
    } else if (LISTS.has(channel)) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        throw new BadRequestException(`values.${channel}: must be a list of strings`);
      changes[channel] = value;
    } else {
      throw new BadRequestException(`values.${channel}: no such channel in the agent's state (messages, plan, results)`);
    }
  }
  return changes;
}
