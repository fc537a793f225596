import { writeFileSync } from 'fs';
import { join } from 'path';
import { SqliteReadStore } from '@forkline/read-models';
import { runCli } from './support/cli-process';
import { spawnServer, stopServer } from './support/server-process';
import { BOB_KEY, call, eventually, newDataDir, startTestApp } from './support/test-app';

/** The forkline CLI, run as a process against data directories the tests prepare through the API. */
describe('forkline CLI', () => {
  const dataDir = newDataDir();
  let forkId: string;

  beforeAll(async () => {
    const t = await startTestApp({}, dataDir);
    const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
    await api('POST', '/commands/create-thread', { thread_id: 'audited' });
    await api('POST', '/commands/send-message', { thread_id: 'audited', content: 'hello audit' });
    await eventually(
      () => api('GET', '/threads/audited/messages'),
      (r) => r.body.length === 2,
    );
    forkId = (await api('POST', '/commands/fork-thread', { source_thread_id: 'audited', event_number: 1 })).body.new_thread_id;
    await eventually(
      () => api('GET', `/threads/${forkId}/messages`),
      (r) => r.body.length === 2,
    );
    const wf = (await api('POST', '/api/chat/playground/start', { input: 'short-lived workflow' })).body;
    await eventually(
      () => api('GET', `/api/workflows/${wf.id}/status`),
      (r) => r.body.status !== 'running',
    );
    await api('DELETE', `/api/workflows/${wf.id}`);
    await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'bobs' }, { key: BOB_KEY });
    await t.close();
  });

  const cli = (...args: string[]) => runCli(args, { DATA_DIR: dataDir });

  it('projections status lists every projection with its checkpoint and lag', async () => {
    const { code, stdout } = await cli('projections', 'status');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^log head: \d+ \(sqlite\)/);
    for (const name of [
      'threads',
      'heads',
      'branches',
      'messages',
      'checkpoints',
      'workflows',
      'run-records',
      'documents',
      'agent',
      'stream-janitor',
    ]) {
      expect(stdout).toMatch(new RegExp(`^${name}\\s+\\d+\\s+0$`, 'm'));
    }
  });

  it('events read and tail show the raw log with actor, correlation, causation and time', async () => {
    const text = (await cli('events', 'read', 'thread-audited')).stdout.trim().split('\n');
    expect(text[0]).toMatch(/thread-audited#0 ThreadCreated actor=alice correlation=\S+ causation=- at=\d{4}-/);
    expect(text[2]).toMatch(/RunStarted actor=agent correlation=(\S+) causation=\1/);
    const json = (await cli('events', 'read', 'thread-audited', '--from', '3', '--json')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(json[0]).toMatchObject({
      streamId: 'thread-audited',
      revision: 3,
      type: 'AssistantMessageAdded',
      metadata: { actor: 'agent', schemaVersion: 1 },
    });
    const tail = (await cli('events', 'tail', '--last', '2')).stdout.trim().split('\n');
    expect(tail).toHaveLength(2);
  });

  it('events scavenge says it is not needed on the embedded store, whose deletes are physical', async () => {
    const { code, stdout } = await cli('events', 'scavenge');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^not needed: the embedded event store deletes/);
  });

  it('threads export | import round-trips exactly into another store, and importing twice writes nothing new', async () => {
    const exported = await cli('threads', 'export', forkId, '--lineage');
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).streamId)).toEqual([
      'thread-audited',
      'thread-audited',
      `thread-${forkId}`,
      `thread-${forkId}`,
      `thread-${forkId}`,
      `thread-${forkId}`,
      `thread-${forkId}`,
    ]);
    const file = join(newDataDir(), 'fork.jsonl');
    writeFileSync(file, exported.stdout);
    const other = newDataDir();
    const first = await runCli(['threads', 'import', file], { DATA_DIR: other });
    expect(first).toMatchObject({ code: 0, stderr: expect.stringContaining('7 new') });
    const again = await runCli(['threads', 'import', file], { DATA_DIR: other });
    expect(again.stderr).toContain('0 new, 7 already there');
    expect((await runCli(['threads', 'export', forkId, '--lineage'], { DATA_DIR: other })).stdout).toBe(exported.stdout);
  });

  it('audit tells who did what and when, including forks and deletions, per thread and per user', async () => {
    const fork = (await cli('audit', forkId)).stdout;
    expect(fork).toMatch(/#0 +alice created the thread +\(from audited\)/);
    expect(fork).toMatch(/#1 +alice said "hello audit" +\(from audited\)/);
    expect(fork).toMatch(/#2 +alice forked it from audited at #1/);
    expect(fork).toMatch(/agent answered "\[offline model\]/);
    const user = (await cli('audit', '--user', 'alice', '--since', '2000-01-01')).stdout;
    expect(user).toContain('alice deleted the thread; its streams were removed from the event store');
    expect(user).not.toContain('bobs');
    expect((await cli('audit', '--user', 'bob')).stdout).toMatch(/thread-bobs +bob created the thread/);
    expect((await cli('audit', '--user', 'alice', '--since', '2999-01-01')).stdout).toBe('');
  });

  it('replay materializes the read models as they were at a log position', async () => {
    const out = join(newDataDir(), 'replay.db');
    const { code } = await cli('replay', '--to', '2', '--out', out);
    expect(code).toBe(0);
    const replayed = new SqliteReadStore(out);
    expect((await replayed.dump('messages')).map((m) => m.content)).toEqual(['hello audit']);
    expect((await replayed.dump('threads')).map((t) => t.thread_id)).toEqual(['audited']);
    await replayed.close();
  });

  it('refuses bad usage with one line and exit code 2', async () => {
    expect(await cli('nonsense')).toMatchObject({ code: 2 });
    expect(await cli('events', 'read')).toMatchObject({
      code: 2,
      stderr: 'forkline: events read needs a stream name, e.g. thread-my-thread\n',
    });
    expect(await cli('projections', 'rebuild', 'nope')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown projection\(s\): nope/),
    });
    expect(await cli('replay', '--to', 'yesterday-ish')).toMatchObject({ code: 2 });
    expect(await cli('threads', 'export', 'missing')).toMatchObject({ code: 2, stderr: "forkline: thread 'missing' not found\n" });
  });

  it('projections rebuild works blue/green under a running server, which switches to the rebuilt store', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir });
    try {
      const before = (await call(server.baseUrl, 'GET', '/threads/audited/messages')).body;
      const rebuilt = await cli('projections', 'rebuild');
      expect(rebuilt).toMatchObject({
        code: 0,
        stderr: expect.stringMatching(/rebuilt all projections: \d+ events .* now serving .*read-models-.*\.db/),
      });
      await eventually(
        async () => server.output(),
        (out) => out.includes('read models switched to'),
      );
      expect((await call(server.baseUrl, 'GET', '/threads/audited/messages')).body).toEqual(before);
      await call(server.baseUrl, 'POST', '/commands/send-message', { thread_id: 'audited', content: 'after the switch' });
      const after = await eventually(
        () => call(server.baseUrl, 'GET', '/threads/audited/messages'),
        (r) => r.body.length === 4,
      );
      expect(after.body[2].content).toBe('after the switch');
      const partial = await cli('projections', 'rebuild', 'messages');
      expect(partial.stderr).toMatch(/rebuilt messages: /);
      await eventually(
        async () => server.output().split('read models switched to').length,
        (n) => n === 3,
      );
      expect((await call(server.baseUrl, 'GET', '/threads/audited/messages')).body).toEqual(after.body);
    } finally {
      await stopServer(server, 'SIGTERM');
    }
  });
});
