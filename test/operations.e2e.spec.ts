import { rmSync } from 'fs';
import { AgentSaga } from '@forkline/agent';
import { parseExposition } from './support/exposition';
import { openStream } from './support/sse-client';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { ALICE_KEY, BOB_KEY, call, eventually, newDataDir, startTestApp, TestApp } from './support/test-app';

const SECRET_TEXT = 'a sentence only the user and the model may read';

const replied = (baseUrl: string, threadId: string) =>
  eventually(
    () => call(baseUrl, 'GET', `/threads/${threadId}/messages`),
    (r) => r.body.some((m: any) => m.role === 'assistant'),
  );

/** Every JSON line the server wrote. */
const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

describe('structured logs (a server process)', () => {
  const dataDir = newDataDir();
  let server: ServerProcess;
  beforeAll(async () => {
    // Commands do not wait for the read models: each says so in a warning, a Logger('...') line written during the request.
    server = await spawnServer({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '0', READ_YOUR_WRITES_TIMEOUT_MS: '0' });
  });
  afterAll(async () => {
    await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("logs each request once as JSON under the client's correlation id, which the events it appends carry too", async () => {
    const created = await call(
      server.baseUrl,
      'POST',
      '/commands/create-thread',
      { thread_id: 'logged' },
      {
        headers: { 'x-correlation-id': 'ops-create-1' },
      },
    );
    expect(created.headers.get('x-correlation-id')).toBe('ops-create-1');
    const sent = await call(
      server.baseUrl,
      'POST',
      '/commands/send-message',
      { thread_id: 'logged', content: SECRET_TEXT },
      {
        headers: { 'x-request-id': 'ops-send-2' },
      },
    );
    expect(sent.headers.get('x-correlation-id')).toBe('ops-send-2');
    const reply = (await replied(server.baseUrl, 'logged')).body.find((m: any) => m.role === 'assistant').content;

    const events = (await call(server.baseUrl, 'GET', '/threads/logged/events')).body;
    expect(events.find((e: any) => e.type === 'ThreadCreated').correlation_id).toBe('ops-create-1');
    expect(events.find((e: any) => e.type === 'UserMessageAdded').correlation_id).toBe('ops-send-2');

    const lines = await eventually(
      async () => jsonLines(server.output()).filter((l) => ['ops-create-1', 'ops-send-2'].includes(l.correlation_id) && !l.context),
      (found) => found.length >= 2,
    );
    expect(lines).toHaveLength(2); // once each, at its end
    expect(lines[0]).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      pid: server.child.pid,
      hostname: expect.any(String),
      correlation_id: 'ops-create-1',
      method: 'POST',
      route: '/commands/create-thread',
      status: 200,
      duration_ms: expect.any(Number),
      user_id: 'alice',
      msg: 'request completed',
    });
    expect(lines[1]).toMatchObject({ correlation_id: 'ops-send-2', route: '/commands/send-message', status: 200, user_id: 'alice' });
    const warnings = jsonLines(server.output()).filter((l) => l.context === 'Projections');
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect(warning).toMatchObject({ level: 'warn', correlation_id: expect.stringMatching(/^ops-(create-1|send-2)$/) });
    }
    const output = server.output();
    for (const secret of [ALICE_KEY, SECRET_TEXT, reply]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/authorization/i);
  });

  it('makes up an id for a request whose header is not a sane token, and logs refusals without a user', async () => {
    const refused = await call(server.baseUrl, 'GET', '/threads', undefined, {
      key: 'not-a-key',
      headers: { 'x-correlation-id': 'two words' },
    });
    expect(refused.status).toBe(401);
    const id = refused.headers.get('x-correlation-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [line] = await eventually(
      async () => jsonLines(server.output()).filter((l) => l.correlation_id === id),
      (found) => found.length === 1,
    );
    expect(line).toMatchObject({ level: 'info', method: 'GET', route: '/threads', status: 401 });
    expect(line).not.toHaveProperty('user_id');
    expect(server.output()).not.toContain('two words');
    expect(server.output()).not.toContain('not-a-key');
  });

  it('counts a run in a process that projected it without running it, and not the runs before its start', async () => {
    const other = await startTestApp({}, dataDir);
    try {
      await other.app.get(AgentSaga).stop(); // the spawned server answers alone
      await call(server.baseUrl, 'POST', '/commands/send-message', { thread_id: 'logged', content: 'once more' });
      const answered = async () =>
        (await call(other.baseUrl, 'GET', '/threads/logged/messages')).body.filter((m: any) => m.role === 'assistant');
      await eventually(answered, (replies) => replies.length === 2);
      // Once this process has projected up to the head (the reply included), it has counted what it will count.
      const scrape = async () =>
        parseExposition(await (await fetch(`${other.baseUrl}/metrics`, { headers: { authorization: `Bearer ${ALICE_KEY}` } })).text());
      const samples = await eventually(scrape, (s) => s.get('forkline_projection_lag_positions') === 0);
      expect(samples.get('forkline_runs_total{outcome="completed"}')).toBe(1);
      expect(samples.get('forkline_run_duration_seconds_count{outcome="completed",mode="chat"}')).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('GET /metrics and the roles in /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const response = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${ALICE_KEY}` } });
    expect(response.status).toBe(200);
    const type = response.headers.get('content-type')!.split(/;\s*/);
    expect(type[0]).toBe('text/plain');
    expect(type).toContain('version=0.0.4');
    return parseExposition(await response.text());
  };

  it('needs a key, is in the API document, and speaks the text exposition format', async () => {
    expect((await call(t.baseUrl, 'GET', '/metrics', undefined, { key: null })).status).toBe(401);
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    expect(spec.paths['/metrics'].get.responses['200'].content).toHaveProperty(['text/plain']);
    const samples = await scrape();
    expect(samples.get('forkline_worker_leases_held')).toBe(0);
    expect(samples.get('forkline_worker_leases_taken_over_total')).toBe(0);
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts requests by route template and status, a completed run with its latency and tokens, and live subscribers', async () => {
    await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'metered' });
    await call(t.baseUrl, 'POST', '/commands/send-message', { thread_id: 'metered', content: 'count me' });
    await replied(t.baseUrl, 'metered');
    await call(t.baseUrl, 'GET', '/threads/nope/messages', undefined, { key: BOB_KEY });
    const samples = await eventually(scrape, (s) => s.get('forkline_runs_total{outcome="completed"}') === 1);
    expect(samples.get('forkline_http_requests_total{method="POST",route="/commands/send-message",status="200"}')).toBe(1);
    expect(samples.get('forkline_http_requests_total{method="GET",route="/threads/:thread_id/messages",status="404"}')).toBe(1);
    expect(samples.get('forkline_http_request_duration_seconds_count{method="POST",route="/commands/send-message",status="200"}')).toBe(1);
    expect(samples.get('forkline_run_duration_seconds_count{outcome="completed",mode="chat"}')).toBe(1);
    expect(samples.get('forkline_run_tokens_total{outcome="completed",kind="output"}')).toBeGreaterThan(0);
    expect(samples.has('forkline_runs_total{outcome="failed"}')).toBe(false);
    expect(
      (await eventually(scrape, (s) => s.get('forkline_projection_lag_positions') === 0)).get('forkline_projection_lag_positions'),
    ).toBe(0);

    const stream = await openStream(t.baseUrl, '/threads/metered/stream');
    try {
      await eventually(scrape, (s) => s.get('forkline_live_subscribers') === 1);
    } finally {
      stream.close();
    }
    await eventually(scrape, (s) => s.get('forkline_live_subscribers') === 0);
  });

  it("shows the process's roles to an operator with a key, and nothing but the status without", async () => {
    expect((await call(t.baseUrl, 'GET', '/health')).body.roles).toEqual(['api', 'projections', 'agent']);
    expect((await call(t.baseUrl, 'GET', '/health', undefined, { key: null })).body).toEqual({ status: 'ok' });
  });
});
