import { randomUUID } from 'crypto';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { runCli } from './support/cli-process';
import { BOB_KEY, call, eventually, newDataDir, startTestApp } from './support/test-app';

/** `forkline threads import` checks its file before writing: a forged line must not reach another user's thread. */
describe('forkline threads import of a forged file', () => {
  const dataDir = newDataDir();
  const cli = (...args: string[]) => runCli(args, { DATA_DIR: dataDir });
  let auditedLength: number;

  beforeAll(async () => {
    const t = await startTestApp({}, dataDir);
    await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'audited' });
    await call(t.baseUrl, 'POST', '/commands/send-message', { thread_id: 'audited', content: 'alice only' });
    await eventually(
      () => call(t.baseUrl, 'GET', '/threads/audited/messages'),
      (r) => r.body.length === 2,
    );
    await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'bobs' }, { key: BOB_KEY });
    await t.close();
    auditedLength = (await cli('events', 'read', 'thread-audited', '--json')).stdout.trim().split('\n').length;
  });

  const line = (streamId: string, revision: number, type: string, data: object, actor: string) =>
    JSON.stringify({
      streamId,
      revision,
      eventId: randomUUID(),
      type,
      data,
      metadata: { actor, correlationId: randomUUID(), causationId: null, occurredAt: new Date().toISOString(), schemaVersion: 1 },
    });
  // Bob's fork of Alice's thread (to read it), and a second "creation" of Alice's thread naming Bob its owner, in her name.
  const forgedFork = () =>
    line(
      'thread-stolen',
      0,
      'ThreadForked',
      { threadId: 'stolen', ownerId: 'bob', sourceThreadId: 'audited', fromEventNumber: 1, eventNumber: 2, unanswered: [] },
      'bob',
    );
  const forgedTakeover = () =>
    line('thread-audited', auditedLength, 'ThreadCreated', { threadId: 'audited', ownerId: 'bob', eventNumber: 0 }, 'alice');
  const fileOf = (...lines: string[]) => {
    const file = join(newDataDir(), 'forged.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const logTail = async () => (await cli('events', 'tail', '--last', '1', '--json')).stdout;

  it('refuses the two-line forged file (a fork of another user thread, a takeover) and writes nothing', async () => {
    const before = await logTail();
    const refused = await cli('threads', 'import', fileOf(forgedFork(), forgedTakeover()));
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/^forkline: [^\n]+\n$/) });
    expect(await logTail()).toBe(before);
    expect((await cli('events', 'read', 'thread-stolen')).stdout).toBe('');
  });

  it('refuses a takeover on its own, even with --owner, since a thread is created by its first event only', async () => {
    const before = await logTail();
    for (const extra of [[], ['--owner', 'bob']]) {
      const refused = await cli('threads', 'import', fileOf(forgedTakeover()), ...extra);
      expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('a thread is created or forked by its first event only') });
    }
    expect(await logTail()).toBe(before);
  });

  it('refuses events whose thread id, revisions, event numbers, type or metadata do not match their stream', async () => {
    const before = await logTail();
    const next = auditedLength;
    const message = (data: object, revision = next, type = 'UserMessageAdded', actor = 'alice') =>
      line(
        'thread-audited',
        revision,
        type,
        { threadId: 'audited', messageId: randomUUID(), content: 'x', eventNumber: next, ...data },
        actor,
      );
    const cases: Array<[string, string]> = [
      [message({ threadId: 'bobs' }), "data.threadId must be 'audited'"],
      [message({}, next + 1), 'no revision'],
      [message({ eventNumber: next + 5 }), `event number must be ${next}`],
      [message({}, next, 'Mystery'), 'not a thread event type'],
      [message({}, next, 'UserMessageAdded', 'bob'), 'is by bob in a thread of alice'],
      [line('deletions', 0, 'ThreadPurged', {}, 'alice'), "stream 'deletions' is not a thread-<id> or checkpoints-<id> stream"],
      [message({}).replace('"schemaVersion":1', '"schemaVersion":99'), 'schemaVersion 1'],
    ];
    for (const [forged, why] of cases) {
      const refused = await cli('threads', 'import', fileOf(forged));
      expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining(why) });
    }
    expect(await logTail()).toBe(before);
  }, 120_000); // a CLI process per case: several seconds each on a loaded machine

  it('refuses a known event type whose data lacks a field or has one of the wrong type, naming line, type and field', async () => {
    const before = await logTail();
    const next = auditedLength;
    const base = { threadId: 'audited', messageId: randomUUID(), content: 'x', eventNumber: next };
    const { messageId: _, ...noMessageId } = base;
    const cases: Array<[string[], string]> = [
      [
        [line('thread-audited', next, 'UserMessageAdded', noMessageId, 'alice')],
        'line 1 (UserMessageAdded): data.messageId is missing (string)',
      ],
      [
        [
          line('thread-audited', next, 'UserMessageAdded', base, 'alice'),
          line(
            'thread-audited',
            next + 1,
            'RunStarted',
            { ...base, runId: 'r', replyTo: base.messageId, mode: 7, eventNumber: next + 1 },
            'agent',
          ),
        ],
        'line 2 (RunStarted): data.mode must be string',
      ],
      [
        [
          line(
            'checkpoints-audited',
            0,
            'CheckpointForked',
            { threadId: 'audited', checkpointNs: '', checkpointId: 'c', source: { threadId: 'audited' }, threadEventNumber: null },
            'agent',
          ),
        ],
        'line 1 (CheckpointForked): data.source.checkpointId is missing (string)',
      ],
    ];
    for (const [lines, why] of cases) {
      expect(await cli('threads', 'import', fileOf(...lines))).toMatchObject({ code: 2, stderr: `forkline: ${why}\n` });
    }
    expect(await logTail()).toBe(before);
  }, 120_000); // a CLI process per case: several seconds each on a loaded machine

  it('imports a fork of another user thread only when --owner names its owner explicitly', async () => {
    const file = fileOf(forgedFork());
    expect(await cli('threads', 'import', file)).toMatchObject({
      code: 2,
      stderr:
        "forkline: thread-stolen#0 (ThreadForked) forks 'audited', a thread of alice, into a thread of bob; pass --owner bob to import it anyway\n",
    });
    expect(await cli('threads', 'import', file, '--owner', 'mallory')).toMatchObject({ code: 2 });
    expect((await cli('events', 'read', 'thread-stolen')).stdout).toBe('');
    expect(await cli('threads', 'import', file, '--owner', 'bob')).toMatchObject({ code: 0, stderr: expect.stringContaining('1 new') });
    expect((await cli('events', 'read', 'thread-stolen')).stdout).toContain('ThreadForked actor=bob');
  });
});

/** A thread bigger than one append (EVENTSTORE_MAX_APPEND_SIZE) is imported in several, and still only once. */
describe('forkline threads import of a thread over the append size limit', () => {
  const dataDir = newDataDir();
  let threadId: string;
  let exported: string;

  beforeAll(async () => {
    const t = await startTestApp({}, dataDir);
    const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
    const settled = (id: string) =>
      eventually(
        () => api('GET', `/api/workflows/${id}/status`),
        (r) => r.body.status !== 'running',
      );
    // Two ~190 KB files per message, three messages: over 1 MiB in all, each message's append well under it.
    const files = (round: number) =>
      [0, 1].map((i) => ({ id: `f${round}-${i}`, name: `part-${i}.txt`, content: `${round}${i}`.repeat(95_000) }));
    threadId = (await api('POST', '/api/chat/playground/start', { input: 'round 0', files: files(0) })).body.id;
    await settled(threadId);
    for (const round of [1, 2]) {
      expect(
        (await api('POST', `/api/chat/playground/start?workflowId=${threadId}`, { input: `round ${round}`, files: files(round) })).status,
      ).toBe(200);
      await settled(threadId);
    }
    await t.close();
    exported = (await runCli(['threads', 'export', threadId], { DATA_DIR: dataDir })).stdout;
  }, 60_000);

  const fileOf = (text: string) => {
    const file = join(newDataDir(), 'big.jsonl');
    writeFileSync(file, text);
    return file;
  };

  it('imports it in several appends, round-trips byte for byte, and a second import writes nothing', async () => {
    expect(Buffer.byteLength(exported)).toBeGreaterThan(1024 * 1024);
    const count = exported.trim().split('\n').length;
    const file = fileOf(exported);
    const other = newDataDir();
    const first = await runCli(['threads', 'import', file], { DATA_DIR: other });
    expect(first).toMatchObject({ code: 0, stderr: expect.stringContaining(`; ${count} new, 0 already there`) });
    const again = await runCli(['threads', 'import', file], { DATA_DIR: other });
    expect(again).toMatchObject({ code: 0, stderr: expect.stringContaining(`; 0 new, ${count} already there`) });
    expect((await runCli(['threads', 'export', threadId], { DATA_DIR: other })).stdout).toBe(exported);
  });

  it('refuses, in one line and writing nothing, an event that alone is over the store limit', async () => {
    const other = newDataDir();
    const small = { DATA_DIR: other, EVENTSTORE_MAX_APPEND_SIZE: '131072' };
    const refused = await runCli(['threads', 'import', fileOf(exported)], small);
    expect(refused).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        new RegExp(
          `^forkline: thread-${threadId}#\\d+ \\(DocumentAttached\\) is \\d+ bytes, over the 131072-byte limit of one append[^\n]*\n$`,
        ),
      ),
    });
    expect((await runCli(['events', 'tail', '--last', '1'], small)).stdout).toBe('');
  });
});
