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
  });

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
