import { AgentEvent, AnnotationEvent, CheckpointEvent, defaultAgentDefinition, ThreadEvent } from '@forkline/domain';
import { ProjectedEvent } from './projectors/projector';

/** A domain event as logged at `position` (test support for projector specs and the ReadStore contract). */
export function at(position: number, event: ThreadEvent | CheckpointEvent | AgentEvent | AnnotationEvent, actor = 'u1'): ProjectedEvent {
  return { ...event, position: BigInt(position), occurredAt: timeAt(position), eventId: `event-${position}`, actor } as ProjectedEvent;
}

export const timeAt = (position: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, position)).toISOString();

export const checkpointSaved = (threadId: string, checkpointId: string, threadEventNumber: number, checkpointNs = ''): CheckpointEvent => ({
  type: 'CheckpointSaved',
  data: {
    threadId,
    checkpointNs,
    checkpointId,
    parentCheckpointId: null,
    threadEventNumber,
    checkpoint: ['json', {}],
    metadata: ['json', {}],
    channelVersions: {},
    blobs: {},
  },
});

const file = { id: 'f1', name: 'notes.txt', mimeType: 'text/plain', size: 10, content: 'some notes' };

const helper = { ...defaultAgentDefinition(), slug: 'helper', name: 'Helper', tools: ['calculator'] };

/**
 * Threads `a` (a run, a stop, a rename, a file and a message removed, checkpoints cleared), its fork `b`
 * with an unanswered message, and `c`, deleted and then created again under the same id: every kind of
 * change (upserts, partial upserts, counters, deletes) with rows written by several events; `d`, whose history is
 * cleared. Agents: `g1`
 * created and changed (its tools back to all), `g2` created and deleted.
 */
export const SAMPLE_CONVERSATION: ProjectedEvent[] = [
  at(1, { type: 'ThreadCreated', data: { threadId: 'a', ownerId: 'u1', eventNumber: 0 } }),
  at(2, {
    type: 'UserMessageAdded',
    data: { threadId: 'a', messageId: 'm1', content: 'hello', eventNumber: 1, mode: 'chat', files: [file], metadata: { via: 'test' } },
  }),
  at(3, { type: 'DocumentAttached', data: { threadId: 'a', messageId: 'm1', document: file, eventNumber: 2 } }),
  at(4, { type: 'RunStarted', data: { threadId: 'a', runId: 'r1', mode: 'chat', replyTo: 'm1', eventNumber: 3 } }),
  at(5, {
    type: 'LogRecorded',
    data: { threadId: 'a', runId: 'r1', logId: 'l1', level: 'info', message: 'planning', step: 'plan', progress: 50, eventNumber: 4 },
  }),
  at(6, checkpointSaved('a', 'k1', 4)),
  at(7, checkpointSaved('a', 'k1-sub', 4, 'tools')),
  at(8, {
    type: 'StatRecorded',
    data: { threadId: 'a', runId: 'r1', statId: 's1', mode: 'chat', latencyMs: 120, inputTokens: 10, outputTokens: 20, eventNumber: 5 },
  }),
  at(9, {
    type: 'AssistantMessageAdded',
    data: { threadId: 'a', messageId: 'm2', content: 'hi', runId: 'r1', replyTo: 'm1', eventNumber: 6 },
  }),
  at(10, { type: 'RunCompleted', data: { threadId: 'a', runId: 'r1', replyTo: 'm1', eventNumber: 7 } }),
  at(11, { type: 'UserMessageAdded', data: { threadId: 'a', messageId: 'm3', content: 'again', eventNumber: 8, mode: 'react' } }),
  at(12, {
    type: 'ThreadForked',
    data: {
      threadId: 'b',
      ownerId: 'u1',
      sourceThreadId: 'a',
      fromEventNumber: 8,
      eventNumber: 9,
      unanswered: [{ messageId: 'm3', eventNumber: 8, mode: 'react' }],
      agentId: 'g1',
    },
  }),
  at(13, { type: 'ThreadUpdated', data: { threadId: 'a', name: 'Renamed', tags: ['x'], eventNumber: 9 } }),
  at(14, { type: 'RunStopped', data: { threadId: 'a', runId: null, replyTo: 'm3', eventNumber: 10 } }),
  at(15, { type: 'MessageFileRemoved', data: { threadId: 'a', messageId: 'm1', fileId: 'f1', eventNumber: 11 } }),
  at(16, { type: 'MessageDeleted', data: { threadId: 'a', messageId: 'm2', eventNumber: 12 } }),
  at(17, { type: 'CheckpointsCleared', data: { threadId: 'a' } }),
  at(18, {
    type: 'CheckpointForked',
    data: { threadId: 'b', checkpointNs: '', checkpointId: 'k2', source: { threadId: 'a', checkpointId: 'k1' }, threadEventNumber: 8 },
  }),
  at(19, { type: 'ThreadCreated', data: { threadId: 'c', ownerId: 'u2', eventNumber: 0 } }, 'u2'),
  at(20, { type: 'UserMessageAdded', data: { threadId: 'c', messageId: 'm4', content: 'first life', eventNumber: 1 } }, 'u2'),
  at(21, { type: 'RunStarted', data: { threadId: 'c', runId: 'r2', mode: 'react', replyTo: 'm4', eventNumber: 2 } }, 'agent'),
  at(22, { type: 'RunFailed', data: { threadId: 'c', runId: 'r2', replyTo: 'm4', error: 'boom', eventNumber: 3 } }, 'agent'),
  at(23, { type: 'ThreadDeleted', data: { threadId: 'c', eventNumber: 4 } }, 'u2'),
  at(24, { type: 'ThreadCreated', data: { threadId: 'c', ownerId: 'u2', eventNumber: 0 } }, 'u2'),
  at(25, { type: 'UserMessageAdded', data: { threadId: 'c', messageId: 'm5', content: 'second life', eventNumber: 1 } }, 'u2'),
  at(26, {
    type: 'AssistantMessageAdded',
    data: { threadId: 'c', messageId: 'm6', content: 'par', runId: 'r3', replyTo: 'm5', eventNumber: 2, stopped: true },
  }),
  at(27, { type: 'AgentCreated', data: { agentId: 'g1', ownerId: 'u1', version: 1, ...helper } }),
  at(28, { type: 'AgentUpdated', data: { agentId: 'g1', version: 2, mode: 'react', tools: null, metadata: { team: 'x' } } }),
  at(29, { type: 'AgentCreated', data: { agentId: 'g2', ownerId: 'u2', version: 1, ...helper } }, 'u2'),
  at(30, { type: 'AgentDeleted', data: { agentId: 'g2', version: 2 } }, 'u2'),
  at(31, {
    type: 'AppKeyCreated',
    data: { agentId: 'g1', version: 3, keyId: 'key1', ownerId: 'u1', keySha256: 'a'.repeat(64), hint: 'k1k1' },
  }),
  at(32, {
    type: 'AppKeyCreated',
    data: { agentId: 'g1', version: 4, keyId: 'key2', ownerId: 'u1', keySha256: 'b'.repeat(64), hint: 'k2k2' },
  }),
  at(33, { type: 'AppKeyRevoked', data: { agentId: 'g1', version: 5, keyId: 'key1' } }),
  at(34, { type: 'AgentCreated', data: { agentId: 'g3', ownerId: 'u2', version: 1, ...helper } }, 'u2'),
  at(
    35,
    { type: 'AppKeyCreated', data: { agentId: 'g3', version: 2, keyId: 'key3', ownerId: 'u2', keySha256: 'c'.repeat(64), hint: 'k3k3' } },
    'u2',
  ),
  at(36, { type: 'AgentDeleted', data: { agentId: 'g3', version: 3 } }, 'u2'),
  at(37, { type: 'ThreadCreated', data: { threadId: 'd', ownerId: 'u1', eventNumber: 0 } }),
  at(38, { type: 'UserMessageAdded', data: { threadId: 'd', messageId: 'm7', content: 'forget me', eventNumber: 1 } }),
  at(39, { type: 'RunStopped', data: { threadId: 'd', runId: null, replyTo: 'm7', eventNumber: 2 } }),
  at(40, { type: 'HistoryCleared', data: { threadId: 'd', eventNumber: 3 } }),
  at(41, { type: 'AnnotationCreated', data: { agentId: 'g1', annotationId: 'n1', question: 'What is it?', answer: 'A sample.' } }),
  at(42, { type: 'AnnotationCreated', data: { agentId: 'g1', annotationId: 'n2', question: 'Who?', answer: 'Nobody.' } }),
  at(43, { type: 'AnnotationUpdated', data: { agentId: 'g1', annotationId: 'n1', question: 'What is this?', answer: 'A sample.' } }),
  at(44, { type: 'AnnotationHit', data: { agentId: 'g1', annotationId: 'n1', messageId: 'm1' } }),
  at(45, { type: 'AnnotationDeleted', data: { agentId: 'g1', annotationId: 'n2' } }),
];
