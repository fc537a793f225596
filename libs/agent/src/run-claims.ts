import { PendingMessage, replyIdFor, RunClaim, RunMode, runIdFor } from '@forkline/domain';
import { AgentRepository, CommandContext, ResolvedAgent, ThreadRepository } from '@forkline/event-store';
import { Lease } from './leases/lease';
import { RunLeases } from './leases/run-leases';

/** One attempt of a run answering one message: its deterministic ids, its claim and lease, and the audit context of its events. */
export interface Run {
  threadId: string;
  runId: string;
  message: PendingMessage;
  mode: RunMode;
  replyId: string;
  context: CommandContext;
  startedAt: number;
  /** The agent version the run answers with, as its RunStarted records it. */
  agent?: ResolvedAgent;
  /** Named on every command of the attempt: the decider refuses it once another attempt holds the run. */
  claim: RunClaim;
  lease: Lease;
  /** Started by this claim (its RunStarted appended now): no attempt of the run, hence none of its live records, came before. */
  fresh: boolean;
}

export interface RunClaimsDeps {
  repository: ThreadRepository;
  leases: RunLeases;
  workerId: string;
  agents?: AgentRepository;
}

/**
 * Claims a message's run for this worker: starts it (attempt 1, on the thread stream under expected revision, so
 * one worker wins), or takes over a run whose holder's lease is over as its next attempt (RunResumed).
 */
export class RunClaims {
  constructor(private readonly deps: RunClaimsDeps) {}

  /** The claimed attempt; `retryAt` while another worker's lease holds the run; null when the message no longer waits for it. */
  async claim(threadId: string, message: PendingMessage): Promise<Run | { retryAt: number } | null> {
    const { repository, leases, workerId } = this.deps;
    const runId = runIdFor(threadId, message.messageId);
    const context: CommandContext = { actor: 'agent', correlationId: message.messageId, causationId: message.messageId };
    let agent = await this.agentOf(threadId);
    const recording = agent && { mode: agent.definition.mode, agent: { agentId: agent.agentId, agentVersion: agent.version } };
    const since = Date.now();
    const started = await repository.execute(
      { type: 'StartRun', threadId, runId, replyTo: message.messageId, workerId, ...recording },
      context,
    );
    let active = started.state.activeRun;
    if (active?.runId !== runId) return null;
    let lease: Lease;
    if (started.events.length > 0) lease = leases.started(threadId, { runId, attempt: 1, workerId }, since);
    else {
      // Started before: by a worker that died or stopped (this one's earlier attempt included), or one still at work.
      const taken = await leases.take(threadId, active, workerId, started.state.base);
      if (!(taken instanceof Lease)) return taken;
      const { attempt } = taken.claim;
      active = (await repository.execute({ type: 'ResumeRun', threadId, runId, attempt, workerId }, context)).state.activeRun;
      if (active?.runId !== runId || active.claim?.workerId !== workerId || active.claim.attempt !== attempt) {
        await taken.release();
        return active?.runId === runId ? { retryAt: Date.now() + leases.leaseMs } : null;
      }
      lease = taken;
    }
    try {
      // Resumed: the run answers with the agent version it recorded when it began, even if changed since.
      const recorded = active.agent;
      if (recorded && this.deps.agents && (recorded.agentId !== agent?.agentId || recorded.agentVersion !== agent.version))
        agent = await this.deps.agents.at(recorded.agentId, recorded.agentVersion);
    } catch (error) {
      lease.stop();
      throw error;
    }
    const replyId = replyIdFor(runId);
    const mode = active.mode ?? message.mode ?? 'chat';
    return {
      threadId,
      runId,
      message,
      mode,
      replyId,
      context,
      startedAt: Date.now(),
      agent,
      claim: { workerId, attempt: lease.claim.attempt },
      lease,
      fresh: started.events.length > 0,
    };
  }

  /** The thread's agent (a deleted one's threads answer with their owner's default agent). */
  private async agentOf(threadId: string): Promise<ResolvedAgent | undefined> {
    if (!this.deps.agents) return undefined;
    const { state } = await this.deps.repository.load(threadId);
    return state.ownerId === null ? undefined : this.deps.agents.forThread(state.ownerId, state.agentId);
  }
}
