import { RecordedEvent } from '@forkline/event-store';
import { projectable } from './projector';
import { threadsProjector } from './threads.projector';
import { agentsProjector } from './agents.projector';

/** The guard in front of every projector: an event counts only in the stream of the thread it names. */
describe('projectable', () => {
  let position = 0n;
  const recorded = (streamId: string, type: string, data: object): RecordedEvent => ({
    streamId,
    revision: 0,
    position: ++position,
    eventId: `e${position}`,
    type,
    data,
    metadata: { actor: 'mallory', correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
  });
  const rename = (streamId: string, threadId: string) => recorded(streamId, 'ThreadUpdated', { threadId, name: 'owned', eventNumber: 3 });

  it('skips an event that names another thread than its stream, and keeps one in its own stream', () => {
    const kept = projectable([rename('thread-mallory', 'alice'), rename('thread-alice', 'alice')]);
    expect(kept.map((e) => e.eventId)).toEqual(['e2']);
    expect(
      kept
        .flatMap((e) => threadsProjector.project(e))
        .every((c) => 'upsert' in c && 'thread_id' in c.upsert && c.upsert.thread_id === 'alice'),
    ).toBe(true);
  });

  it('takes checkpoint events only from checkpoints-<id> and thread events only from thread-<id>', () => {
    const cleared = (streamId: string) => recorded(streamId, 'CheckpointsCleared', { threadId: 'alice' });
    const batch = [cleared('thread-alice'), cleared('checkpoints-alice'), rename('checkpoints-alice', 'alice'), cleared('checkpoints-bob')];
    expect(projectable(batch).map((e) => e.eventId)).toEqual([batch[1].eventId]);
  });

  it('takes agent events only from the agent-<id> stream they name, and no agent projector sees thread events', () => {
    const deleted = (streamId: string, agentId: string) => recorded(streamId, 'AgentDeleted', { agentId, version: 2 });
    const batch = [deleted('agent-a1', 'a1'), deleted('agent-a2', 'a1'), deleted('thread-a1', 'a1'), deleted('agentslugs-u', 'a1')];
    const kept = projectable(batch);
    expect(kept.map((e) => e.eventId)).toEqual([batch[0].eventId]);
    expect(kept.flatMap((e) => threadsProjector.project(e))).toEqual([]);
    expect(projectable([rename('thread-alice', 'alice')]).flatMap((e) => agentsProjector.project(e))).toEqual([]);
  });

  it('skips other applications events and events without a thread id', () => {
    expect(projectable([recorded('thread-a', 'SomethingElse', { threadId: 'a' }), recorded('thread-a', 'ThreadUpdated', {})])).toEqual([]);
  });
});
