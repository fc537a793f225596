import {
  AgentCommand,
  AgentEvent,
  AgentState,
  agentStreamId,
  ConcurrencyConflict,
  decideAgent,
  deterministicId,
  evolveAgent,
  initialAgentState,
  InvalidCommand,
  THREAD_SCHEMA_VERSION,
} from '@forkline/domain';
import { EventStore, NewEvent, Position, RecordedEvent, StreamDeleted, WrongExpectedRevision } from './event-store.port';
import { CommandContext, MAX_APPEND_ATTEMPTS } from './thread-repository';
import { StreamFolds } from './stream-folds';

/** An agent stream folded up to `revision`. */
export interface FoldedAgent {
  state: AgentState;
  revision: number;
}

export interface AgentOutcome {
  state: AgentState;
  /** Log position of the agent's last event written (or already there); undefined when nothing was written. */
  position: Position | undefined;
}

export const unfoldedAgent = (): FoldedAgent => ({ state: initialAgentState(), revision: -1 });

export const foldAgentPage = ({ state }: FoldedAgent, page: RecordedEvent[]) => ({
  state: page.reduce((s, e) => evolveAgent(s, { type: e.type, data: e.data } as AgentEvent), state),
});

/**
 * Decides on the agent's state and appends with the expected revision, deciding again when another writer came
 * first (a bounded number of times, then a conflict). `agents` holds the folded streams and learns what is written.
 */
export async function appendAgentCommand(
  store: EventStore,
  agents: StreamFolds<FoldedAgent>,
  command: AgentCommand,
  context: CommandContext,
): Promise<AgentOutcome> {
  const streamId = agentStreamId(command.agentId);
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await agents.load(streamId);
    const events = decideAgent(command, state);
    if (events.length === 0) return { state, position: undefined };
    const occurredAt = new Date().toISOString();
    const envelopes: NewEvent[] = events.map((e) => ({
      // The same change again is the same event (a no-op); a rival's other change at this version is not.
      eventId: deterministicId(`${e.type}:${JSON.stringify(e.data)}`),
      type: e.type,
      data: e.data,
      metadata: { ...context, occurredAt, schemaVersion: THREAD_SCHEMA_VERSION },
    }));
    try {
      const result = await store.append(streamId, envelopes, revision < 0 ? 'no_stream' : revision);
      if (result.nextRevision !== revision + envelopes.length) {
        // A rival appended these very events first: read back rather than fold them twice.
        agents.delete(streamId);
        return { state: (await agents.load(streamId)).state, position: result.position };
      }
      const after = { state: events.reduce(evolveAgent, state), revision: result.nextRevision };
      agents.set(streamId, after);
      return { state: after.state, position: result.position };
    } catch (error) {
      if (error instanceof StreamDeleted) throw new InvalidCommand(`agent_id '${command.agentId}' is taken`, 'agent_id');
      if (!(error instanceof WrongExpectedRevision)) throw error;
      agents.delete(streamId);
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(streamId);
    }
  }
}
