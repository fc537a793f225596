import {
  AGENT_STREAM_PREFIX,
  agentSlugsStreamId,
  ANNOTATIONS_STREAM_PREFIX,
  annotationsStreamId,
  agentStreamId,
  checkpointStreamId,
  CHECKPOINT_STREAM_PREFIX,
  forksStreamId,
  DELETIONS_STREAM,
  FORKLINE_STREAM_PREFIXES,
  leaseStreamId,
  THREAD_STREAM_PREFIX,
  threadIdOfStream,
  threadStreamId,
} from './stream-names';

describe('stream names', () => {
  it('keep the names already stored in event logs', () => {
    expect([threadStreamId('t1'), checkpointStreamId('t1'), DELETIONS_STREAM]).toEqual(['thread-t1', 'checkpoints-t1', 'deletions']);
  });

  it('cover every stream Forkline writes with the prefixes a subscription filters on', () => {
    for (const stream of [threadStreamId('t1'), checkpointStreamId('t1'), DELETIONS_STREAM, agentStreamId('a1'), annotationsStreamId('a1')])
      expect(FORKLINE_STREAM_PREFIXES.filter((prefix) => stream.startsWith(prefix))).toHaveLength(1);
    expect(FORKLINE_STREAM_PREFIXES).toEqual([
      THREAD_STREAM_PREFIX,
      CHECKPOINT_STREAM_PREFIX,
      DELETIONS_STREAM,
      AGENT_STREAM_PREFIX,
      ANNOTATIONS_STREAM_PREFIX,
    ]);
  });

  it('keep the write-side slug index and fork registries out of the projected streams', () => {
    expect(FORKLINE_STREAM_PREFIXES.some((prefix) => agentSlugsStreamId('u1').startsWith(prefix))).toBe(false);
    expect(forksStreamId('t1')).toBe('forks-t1');
    expect(FORKLINE_STREAM_PREFIXES.some((prefix) => forksStreamId('t1').startsWith(prefix))).toBe(false);
    // Run leases too: their renewals would otherwise reach every projection.
    expect(FORKLINE_STREAM_PREFIXES.some((prefix) => leaseStreamId('t1').startsWith(prefix))).toBe(false);
  });

  it('read the thread id back from a thread stream only', () => {
    expect(threadIdOfStream(threadStreamId('a-b'))).toBe('a-b');
    expect(threadIdOfStream(checkpointStreamId('a-b'))).toBeNull();
    expect(threadIdOfStream(DELETIONS_STREAM)).toBeNull();
  });
});
