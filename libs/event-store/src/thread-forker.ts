import { randomUUID } from 'crypto';
import {
  BranchForked,
  ConcurrencyConflict,
  decide,
  defaultAgentId,
  initialThreadState,
  ThreadCommand,
  ThreadNotFound,
  threadStreamId,
} from '@forkline/domain';
import { Position, StreamAppend, WrongExpectedRevision } from './event-store.port';
import { ForkRegistry } from './fork-registry';
import { ThreadLineage } from './thread-lineage';
import { CommandContext, CommandOutcome, MAX_APPEND_ATTEMPTS, ThreadRepository } from './thread-repository';

export interface ForkResult {
  newThreadId: string;
  /** The source's event number it forked at (its head's, for a fork at 'head'). */
  fromEventNumber: number;
  position: Position | undefined;
  /** Messages the fork inherits unanswered (the agent answers them in it): with none, nothing runs in it until told. */
  unanswered: number;
  /** When its ThreadForked and its last event written with it (see `alongside`) occurred, as stored. */
  occurredAt: { forked: string; last: string };
}

/**
 * Forks a thread at an event number, for every face that branches (the threads face's fork, Dify's parent_message_id).
 * O(1) in the source's length: reads the source's origin and last event, appends one ThreadForked with a BranchForked
 * in the source's fork registry, where a delete of the source in any process meets it: in one write with a check that
 * the source is still at the revision read (not deleted since) on a store that appends to several streams at once, else
 * one after the other, ended by a BranchMade (libs/domain fork-registry.ts).
 */
export class ThreadForker {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly lineage: ThreadLineage,
    private readonly forks: ForkRegistry,
  ) {}

  /** Alone on the source's lineage in this process (fewer registry conflicts); `then` runs inside, e.g. waiting for the read models. */
  fork(
    sourceThreadId: string,
    /** 'head': at the source's latest event, as read inside (LangGraph's copy). */
    eventNumber: number | 'head',
    context: CommandContext,
    then?: (result: ForkResult) => Promise<void>,
    /** Commands on the new thread appended with its ThreadForked, in one write (e.g. a LangGraph copy's metadata). */
    alongside?: (newThreadId: string) => ThreadCommand[],
  ): Promise<ForkResult> {
    return this.repository.aloneOnLineage(sourceThreadId, async () => {
      const result = await this.forkAlone(sourceThreadId, eventNumber, context, alongside);
      await then?.(result);
      return result;
    });
  }

  private async forkAlone(
    sourceThreadId: string,
    at: number | 'head',
    context: CommandContext,
    alongside?: (newThreadId: string) => ThreadCommand[],
  ): Promise<ForkResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.forkOnce(sourceThreadId, at, context, alongside);
      } catch (error) {
        // The source moved (another process wrote to it, or deleted it) between its read and the one write: read again.
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(threadStreamId(sourceThreadId));
      }
    }
  }

  private async forkOnce(
    sourceThreadId: string,
    at: number | 'head',
    context: CommandContext,
    alongside?: (newThreadId: string) => ThreadCommand[],
  ): Promise<ForkResult> {
    // At the head, one read of the source's newest events gives both its head and what is unanswered there.
    const atHead = at === 'head' ? await this.lineage.headAndUnanswered(sourceThreadId) : null;
    const source = at === 'head' ? atHead : await this.lineage.head(sourceThreadId);
    if (source === null || source.ownerId !== context.actor) throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
    const { head, ownerId } = source;
    const eventNumber = at === 'head' ? head : at;
    // A fork answers with its source's agent (a source from before agents: the owner's default one).
    const agentId = source.agentId ?? defaultAgentId(ownerId);
    const inRange = eventNumber >= 0 && eventNumber <= head;
    const unansweredAtFork = atHead ? atHead.unanswered : inRange ? await this.lineage.unansweredAt(sourceThreadId, eventNumber) : [];
    const newThreadId = randomUUID();
    const command: ThreadCommand = {
      type: 'ForkThread',
      threadId: newThreadId,
      ownerId: context.actor,
      sourceThreadId,
      fromEventNumber: eventNumber,
      source: { exists: true, ownerId, head, unansweredAtFork, agentId },
    };
    // A refused fork (bad fork point) is refused before the registry hears of it.
    decide(command, initialThreadState());
    const commands = [command, ...(alongside?.(newThreadId) ?? [])];
    const branch = { sourceThreadId, branchThreadId: newThreadId, forkedAt: new Date().toISOString() };
    const outcome = (await this.inOneWrite(branch, commands, source.revision, context)) ?? (await this.inSteps(branch, commands, context));
    const occurredAt = { forked: outcome.occurredAt[0], last: outcome.occurredAt[outcome.occurredAt.length - 1] };
    return { newThreadId, fromEventNumber: eventNumber, position: outcome.position, unanswered: unansweredAtFork.length, occurredAt };
  }

  /** The registry's events, the new thread's and the source's revision check in one write; null when the store cannot. */
  private async inOneWrite(
    branch: BranchForked['data'],
    commands: ThreadCommand[],
    sourceRevision: number,
    context: CommandContext,
  ): Promise<CommandOutcome | null> {
    const first = this.repository.firstWrite(commands, context);
    const source: StreamAppend = { streamId: threadStreamId(branch.sourceThreadId), events: [], expected: sourceRevision };
    const results = await this.forks.forkWith(branch, [source, first.append], context);
    return results && first.stored(results[2]); // the registry's result, then the others' in their order
  }

  /** BranchForked, the new thread, BranchMade: three writes, a delete of the source may come between any two. */
  private async inSteps(branch: BranchForked['data'], commands: ThreadCommand[], context: CommandContext): Promise<CommandOutcome> {
    const { sourceThreadId, branchThreadId: newThreadId } = branch;
    await this.begin(branch, context);
    const outcome = await this.repository.executeOnNew(commands, context);
    try {
      await this.forks.made(sourceThreadId, newThreadId, context);
    } catch (error) {
      // A delete of the source closed its registry first: the new thread must not outlive its source.
      if (error instanceof ThreadNotFound)
        await this.repository.execute({ type: 'DeleteThread', threadId: newThreadId, userId: context.actor, branchCount: 0 }, context);
      throw error;
    }
    return outcome;
  }

  private async begin(branch: BranchForked['data'], context: CommandContext): Promise<void> {
    await this.forks.fork(branch, context);
    // On the embedded store a registry removed with its deleted source starts anew: the source itself must still be there.
    if ((await this.lineage.head(branch.sourceThreadId)) !== null) return;
    await this.forks.remove(branch.sourceThreadId, branch.branchThreadId, context);
    throw new ThreadNotFound(branch.sourceThreadId, 'source_thread_id');
  }
}
