import { rmSync } from 'fs';
import { Client } from '@langchain/langgraph-sdk';
import { LangGraphBranches } from '../apps/api/src/langgraph/branches/langgraph-branches.service';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { EVENT_STORE, EventStore } from './support/events';
import { servedAndRebuilt } from './support/rebuild-check';
import { langgraphApp } from './support/langgraph-app';
import { ALICE_KEY, BOB_KEY, call, eventually, newDataDir } from './support/test-app';

type Msg = { type: string; content: string; id: string };
const messagesOf = (values: unknown) => ((values as { messages?: Msg[] }).messages ?? []).map((m) => `${m.type}:${m.content}`);
/** In a history (newest first), the checkpoint where the `n`th turn (from 1) is answered: the state after that run. */
const answeredTurn = <S extends { values: unknown }>(history: S[], n: number): S =>
  history.find((s) => messagesOf(s.values).length === 2 * n && messagesOf(s.values).at(-1)!.startsWith('ai:'))!;

/** One turn through the native threads face; answered when the thread shows 2 more messages. */
async function turn(baseUrl: string, threadId: string, content: string): Promise<void> {
  const before = (await call(baseUrl, 'GET', `/threads/${threadId}/messages`)).body.length;
  await call(baseUrl, 'POST', '/commands/send-message', { thread_id: threadId, content });
  await eventually(
    () => call(baseUrl, 'GET', `/threads/${threadId}/head`),
    (r) => r.body.latest_checkpoint_id !== null && r.status === 200,
  );
  await eventually(
    () => call(baseUrl, 'GET', `/threads/${threadId}/messages`),
    (r) => r.body.length >= before + 2,
  );
}

/** The LangGraph SDK's own Client against Forkline started as a process (the built server; `npm test` builds it first). */
describe('LangGraph face: SDK Client against a server process', () => {
  const dataDir = newDataDir();
  let server: ServerProcess;
  let client: Client;
  beforeAll(async () => {
    server = await spawnServer({ DATA_DIR: dataDir, CORS_ORIGINS: 'http://app.test' });
    client = new Client({ apiUrl: `${server.baseUrl}/langgraph`, apiKey: ALICE_KEY });
  }, 90_000);
  afterAll(async () => {
    await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /ok without a key, /info and the assistants with x-api-key (or a bearer key), and refuses a wrong key', async () => {
    expect((await (await fetch(`${server.baseUrl}/langgraph/ok`)).json()) as object).toEqual({ ok: true });
    const info = await fetch(`${server.baseUrl}/langgraph/info`, { headers: { 'x-api-key': ALICE_KEY } });
    expect(((await info.json()) as { flags: Record<string, boolean> }).flags.assistants).toBe(true);
    expect((await fetch(`${server.baseUrl}/langgraph/info`, { headers: { 'x-api-key': 'wrong-key' } })).status).toBe(401);
    const agent = (await call(server.baseUrl, 'POST', '/agents', { slug: 'echo', name: 'Echo' })).body;
    const found = await client.assistants.search({ graphId: 'echo' });
    expect(found.map((a) => [a.assistant_id, a.graph_id, a.name])).toEqual([[agent.agent_id, 'echo', 'Echo']]);
    expect((await client.assistants.get('echo')).assistant_id).toBe(agent.agent_id);
    const graph = await client.assistants.getGraph(agent.agent_id);
    expect(graph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['__start__', 'respond', 'record', '__end__']));
    expect(graph.edges).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'respond', target: 'record' })]));
    const bearer = new Client({ apiUrl: `${server.baseUrl}/langgraph`, defaultHeaders: { Authorization: `Bearer ${ALICE_KEY}` } });
    expect((await bearer.assistants.search()).length).toBe(2);
    await expect(client.assistants.get('no-such-agent')).rejects.toMatchObject({ status: 404 });
  });

  it('creates, gets, updates, searches, counts and deletes threads; if_exists raise is 409, do_nothing the thread', async () => {
    const t = await client.threads.create({ threadId: 'lg-one', metadata: { topic: 'cats' } });
    expect(t).toMatchObject({ thread_id: 'lg-one', metadata: { topic: 'cats' }, status: 'idle' });
    await expect(client.threads.create({ threadId: 'lg-one' })).rejects.toMatchObject({ status: 409 });
    expect((await client.threads.create({ threadId: 'lg-one', ifExists: 'do_nothing' })).metadata).toEqual({ topic: 'cats' });
    await client.threads.create({ threadId: 'lg-two', metadata: { topic: 'dogs' } });
    expect((await client.threads.update('lg-two', { metadata: { owner: 'me' } })).metadata).toEqual({ topic: 'dogs', owner: 'me' });
    expect((await client.threads.search({ metadata: { topic: 'cats' } })).map((x) => x.thread_id)).toEqual(['lg-one']);
    expect(await client.threads.count({ metadata: { topic: 'dogs' } })).toBe(1);
    expect(await client.threads.count({ status: 'idle' })).toBeGreaterThanOrEqual(2);
    const page = await fetch(`${server.baseUrl}/langgraph/threads/search`, {
      method: 'POST',
      headers: { 'x-api-key': ALICE_KEY, 'content-type': 'application/json', origin: 'http://app.test' },
      body: JSON.stringify({ limit: 1, offset: 0, sort_by: 'thread_id', sort_order: 'asc' }),
    });
    expect(page.headers.get('x-pagination-total')).toBe('2');
    expect(page.headers.get('x-pagination-next')).toBe('1');
    expect(page.headers.get('access-control-expose-headers')).toContain('x-pagination-next');
    expect(((await page.json()) as Array<{ thread_id: string }>).map((x) => x.thread_id)).toEqual(['lg-one']);
    // Another user sees none of it.
    const bob = new Client({ apiUrl: `${server.baseUrl}/langgraph`, apiKey: BOB_KEY });
    await expect(bob.threads.get('lg-one')).rejects.toMatchObject({ status: 404 });
    await client.threads.delete('lg-two');
    await expect(client.threads.get('lg-two')).rejects.toMatchObject({ status: 404 });
    const bad = await call(server.baseUrl, 'POST', '/langgraph/threads', { if_exists: 'sometimes' });
    expect([bad.status, bad.body.detail]).toEqual([400, expect.stringContaining('if_exists')]);
  });

  it('shows the state, pages the history (before as a Config or a string), and copies in O(1) events with the ids kept', async () => {
    await client.threads.create({ threadId: 'lg-talk', metadata: { topic: 'talk' } });
    expect(await client.threads.getState('lg-talk')).toMatchObject({ values: {}, checkpoint: null });
    for (const text of ['first', 'second', 'third']) await turn(server.baseUrl, 'lg-talk', text);
    const state = await client.threads.getState('lg-talk');
    expect(messagesOf(state.values)).toHaveLength(6);
    expect(messagesOf(state.values)[0]).toBe('human:first');
    expect(state.checkpoint.thread_id).toBe('lg-talk');
    const all = await client.threads.getHistory('lg-talk', { limit: 100 });
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all[0].checkpoint.checkpoint_id).toBe(state.checkpoint.checkpoint_id);
    const ids = all.map((s) => s.checkpoint.checkpoint_id!);
    expect([...ids].sort().reverse()).toEqual(ids);
    all.forEach((s, i) => expect(s.parent_checkpoint?.checkpoint_id ?? null).toBe(all[i + 1]?.checkpoint.checkpoint_id ?? null));
    const first = await client.threads.getHistory('lg-talk', { limit: 1 });
    const rest = await client.threads.getHistory('lg-talk', { limit: 100, before: { configurable: { checkpoint_id: ids[0] } } });
    expect([...first, ...rest].map((s) => s.checkpoint.checkpoint_id)).toEqual(ids);
    const byString = await call(server.baseUrl, 'GET', `/langgraph/threads/lg-talk/history?limit=1&before=${ids[0]}`);
    expect(byString.body[0].checkpoint.checkpoint_id).toBe(ids[1]);
    expect(await client.threads.getState('lg-talk', ids[1])).toEqual(all[1]);

    const sourceHead = (await call(server.baseUrl, 'GET', '/threads/lg-talk/head')).body.event_number;
    const copy = await client.threads.copy('lg-talk');
    expect(copy.metadata).toEqual({ topic: 'talk' });
    const copied = await client.threads.getState(copy.thread_id);
    expect(copied.checkpoint).toMatchObject({ thread_id: copy.thread_id, checkpoint_id: state.checkpoint.checkpoint_id });
    expect(copied.values).toEqual(state.values);
    // The copy's own events: its ThreadForked and its metadata, however long the source is.
    const own = await call(server.baseUrl, 'GET', `/threads/${copy.thread_id}/events?from=${sourceHead + 1}`);
    expect(own.body.map((e: { type: string }) => e.type)).toEqual(['ThreadForked', 'LangGraphMetadataSet']);
    // Without metadata of its own a copy needs no metadata event: the ThreadForked alone.
    const bare = await client.threads.create();
    const bareHead = (await call(server.baseUrl, 'GET', `/threads/${bare.thread_id}/head`)).body.event_number;
    const bareCopy = await client.threads.copy(bare.thread_id);
    const bareEvents = await call(server.baseUrl, 'GET', `/threads/${bareCopy.thread_id}/events?from=${bareHead + 1}`);
    expect([bareCopy.metadata, bareEvents.body.map((e: { type: string }) => e.type)]).toEqual([{}, ['ThreadForked']]);
    await turn(server.baseUrl, copy.thread_id, 'only in the copy');
    expect(messagesOf((await client.threads.getState(copy.thread_id)).values)).toHaveLength(8);
    expect(messagesOf((await client.threads.getState('lg-talk')).values)).toHaveLength(6);
  }, 60_000);
});

/** Branches inside a LangGraph thread (made by LangGraphBranches.branchAt, as a run from an earlier checkpoint makes them). */
describe('LangGraph face: branches', () => {
  const lg = langgraphApp();

  it('lists every branch in the history with the right parents; the state is the newest head; the branch is no thread of its own', async () => {
    await lg.client.threads.create({ threadId: 'lg-branchy' });
    await turn(lg.app.baseUrl, 'lg-branchy', 'one');
    await turn(lg.app.baseUrl, 'lg-branchy', 'two');
    const before = await lg.client.threads.getHistory('lg-branchy', { limit: 10 });
    const [oldHead, firstTurn] = [before[0], answeredTurn(before, 1)];
    const branches = lg.app.app.get(LangGraphBranches);
    // At the head: no branch, the run goes on in the thread itself.
    expect(await branches.branchAt('alice', 'lg-branchy', oldHead.checkpoint.checkpoint_id!)).toBe('lg-branchy');
    const fork = await branches.branchAt('alice', 'lg-branchy', firstTurn.checkpoint.checkpoint_id!);
    expect(fork).not.toBe('lg-branchy');
    expect(await branches.branchAt('alice', 'lg-branchy', firstTurn.checkpoint.checkpoint_id!)).toBe(fork);
    await turn(lg.app.baseUrl, fork, 'two, edited');

    const history = await lg.client.threads.getHistory('lg-branchy', { limit: 10 });
    // As in LangGraph, a run's checkpoint is the child of its input's (the state with its message applied, unanswered).
    const children = history.filter((s) => s.parent_checkpoint?.checkpoint_id === firstTurn.checkpoint.checkpoint_id);
    expect(children.map((s) => s.checkpoint.checkpoint_id)).toEqual([
      history[0].parent_checkpoint?.checkpoint_id,
      oldHead.parent_checkpoint?.checkpoint_id,
    ]);
    expect(children.map((s) => messagesOf(s.values).at(-1))).toEqual(['human:two, edited', 'human:two']);
    expect(history.every((s) => s.checkpoint.thread_id === 'lg-branchy')).toBe(true);
    const state = await lg.client.threads.getState('lg-branchy');
    expect(messagesOf(state.values)).toEqual([
      'human:one',
      expect.stringMatching(/^ai:/),
      'human:two, edited',
      expect.stringMatching(/^ai:/),
    ]);
    // Messages keep their ids across branches.
    const idsOf = (v: unknown) => (v as { messages: Msg[] }).messages.map((m) => m.id);
    expect(idsOf(state.values).slice(0, 2)).toEqual(idsOf(oldHead.values).slice(0, 2));
    expect(messagesOf((await lg.client.threads.getState('lg-branchy', oldHead.checkpoint.checkpoint_id!)).values)[2]).toBe('human:two');
    expect((await lg.client.threads.search({ limit: 100 })).map((t) => t.thread_id)).toEqual(['lg-branchy']);
    await expect(lg.client.threads.get(fork)).rejects.toMatchObject({ status: 404 });
    expect(await branches.headBranch('alice', 'lg-branchy')).toBe(fork);
    await lg.client.threads.delete('lg-branchy');
    expect((await call(lg.app.baseUrl, 'GET', `/threads/${fork}/head`)).status).toBe(404);
  }, 30_000);

  it('keeps a thread whose branch a copy reads: 409 before anything is deleted; deleted once the copy is', async () => {
    await lg.client.threads.create({ threadId: 'lg-copied-branch' });
    await turn(lg.app.baseUrl, 'lg-copied-branch', 'one');
    await turn(lg.app.baseUrl, 'lg-copied-branch', 'two');
    const firstTurn = answeredTurn(await lg.client.threads.getHistory('lg-copied-branch', { limit: 10 }), 1);
    const fork = await lg.app.app.get(LangGraphBranches).branchAt('alice', 'lg-copied-branch', firstTurn.checkpoint.checkpoint_id!);
    await turn(lg.app.baseUrl, fork, 'two, edited');
    const copy = await lg.client.threads.copy('lg-copied-branch'); // a fork of the branch holding the newest head
    const refused = await call(lg.app.baseUrl, 'DELETE', '/langgraph/threads/lg-copied-branch');
    expect([refused.status, refused.body.detail]).toEqual([409, expect.stringMatching(/^'lg-copied-branch' has 1 branch/)]);
    expect((await call(lg.app.baseUrl, 'GET', `/threads/${fork}/head`)).status).toBe(200);
    expect(messagesOf((await lg.client.threads.getState(copy.thread_id)).values)).toHaveLength(4);
    await lg.client.threads.delete(copy.thread_id);
    await lg.client.threads.delete('lg-copied-branch');
    expect((await call(lg.app.baseUrl, 'GET', `/threads/${fork}/head`)).status).toBe(404);
  }, 30_000);

  it('updates the state as a new checkpoint whose parent is the given one, branching at an older checkpoint', async () => {
    await lg.client.threads.create({ threadId: 'lg-edit' });
    await turn(lg.app.baseUrl, 'lg-edit', 'one');
    await turn(lg.app.baseUrl, 'lg-edit', 'two');
    const before = await lg.client.threads.getHistory('lg-edit', { limit: 10 });
    const [head, older] = [before[0], answeredTurn(before, 1)];
    const edit = { type: 'human', content: 'two, rewritten', id: 'edit-1' };
    await lg.client.threads.updateState('lg-edit', { values: { messages: [edit] }, checkpointId: older.checkpoint.checkpoint_id! });
    const [updated] = await lg.client.threads.getHistory('lg-edit', { limit: 1 });
    expect(updated.parent_checkpoint?.checkpoint_id).toBe(older.checkpoint.checkpoint_id);
    expect(updated.metadata).toMatchObject({ source: 'update' });
    expect(messagesOf((await lg.client.threads.getState('lg-edit')).values)).toEqual([...messagesOf(older.values), 'human:two, rewritten']);
    // The old head is still there, in its own branch; at the head, an update continues that branch.
    expect(messagesOf((await lg.client.threads.getState('lg-edit', head.checkpoint.checkpoint_id!)).values)[2]).toBe('human:two');
    await lg.client.threads.updateState('lg-edit', { values: { messages: [{ ...edit, content: 'again' }] } });
    const [latest] = await lg.client.threads.getHistory('lg-edit', { limit: 1 });
    expect(latest.parent_checkpoint?.checkpoint_id).toBe(updated.checkpoint.checkpoint_id);
    expect(messagesOf(latest.values).at(-1)).toBe('human:again');
    const bad = await call(lg.app.baseUrl, 'POST', '/langgraph/threads/lg-edit/state', { values: { nope: 1 } });
    expect([bad.status, bad.body.detail]).toEqual([400, expect.stringContaining('values.nope')]);
  }, 30_000);

  it("answers a copy with the copy's row, as LangGraph's server does, and a read of the copy shows the state it inherits", async () => {
    /** Copies, checks the answer against a read of the copy, and answers the messages the copy's state shows. */
    const copyAndRead = async (threadId: string) => {
      const copy = await lg.client.threads.copy(threadId);
      const read = await lg.client.threads.get(copy.thread_id);
      const { thread_id, created_at, updated_at, metadata, status } = read;
      expect(copy).toEqual({ thread_id, created_at, updated_at, metadata, status, config: {}, interrupts: {} });
      return { copy, messages: messagesOf(read.values) };
    };
    await lg.client.threads.create({ threadId: 'lg-copied', metadata: { topic: 'copies' } });
    await turn(lg.app.baseUrl, 'lg-copied', 'one');
    await turn(lg.app.baseUrl, 'lg-copied', 'two');
    const { copy, messages } = await copyAndRead('lg-copied');
    expect([copy.metadata, copy.status, messages]).toEqual([
      { topic: 'copies' },
      'idle',
      messagesOf((await lg.client.threads.get('lg-copied')).values),
    ]);
    expect(copy).not.toHaveProperty('values'); // the state is read from the copy, as on LangGraph's server
    // A copy of that copy (no checkpoint of its own, its head inherited).
    expect((await copyAndRead(copy.thread_id)).messages).toEqual(messages);
    // The newest head is a new branch's first checkpoint (a reference to the one it starts at).
    const older = answeredTurn(await lg.client.threads.getHistory('lg-copied', { limit: 10 }), 1);
    const branch = await lg.app.app.get(LangGraphBranches).branchAt('alice', 'lg-copied', older.checkpoint.checkpoint_id!);
    expect((await copyAndRead('lg-copied')).messages).toEqual(messagesOf(older.values));
    // After a run in that branch its own latest checkpoint is the newest head.
    await turn(lg.app.baseUrl, branch, 'two, edited');
    expect((await copyAndRead('lg-copied')).messages).toEqual([
      'human:one',
      expect.stringMatching(/^ai:/),
      'human:two, edited',
      expect.stringMatching(/^ai:/),
    ]);
    // A state update at the head (a checkpoint with no thread event of its own) is in the copy too.
    await lg.client.threads.updateState('lg-copied', { values: { messages: [{ type: 'human', content: 'three', id: 'three' }] } });
    expect((await copyAndRead('lg-copied')).messages.at(-1)).toBe('human:three');
  }, 60_000);

  it('copies a thread in the same few events whether it has 2 turns or 12 (counted in the log)', async () => {
    const events = lg.app.app.get<EventStore>(EVENT_STORE);
    const copyEvents = async (threadId: string) => {
      const before = await events.headPosition();
      await lg.client.threads.copy(threadId);
      return (await events.readAll({ after: before })).map((e) => e.type);
    };
    for (const [threadId, turns] of [
      ['lg-short', 2],
      ['lg-long', 12],
    ] as const) {
      await lg.client.threads.create({ threadId });
      for (let i = 0; i < turns; i++) await turn(lg.app.baseUrl, threadId, `message ${i}`);
    }
    const short = await copyEvents('lg-short');
    expect(await copyEvents('lg-long')).toEqual(short);
    // Threads without metadata: the copy's own ThreadForked, in one write with its source's BranchForked.
    expect(short).toEqual(['BranchForked', 'ThreadForked']);
  }, 60_000);

  it('keeps the read models (the LangGraph threads and their branches included) equal to a rebuild from the log', async () => {
    const { served, rebuilt } = await servedAndRebuilt(lg.app.app.get<EventStore>(EVENT_STORE), lg.app.app.get<ReadStore>(READ_STORE));
    expect(rebuilt.find((d) => d.table === 'langgraph_threads')!.rows.some((r) => r.branch_of !== '')).toBe(true);
    expect(served).toEqual(rebuilt);
  });

  it('documents every route of the face in the OpenAPI document, with the x-api-key scheme', async () => {
    const spec = (await (await fetch(`${lg.app.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, { properties: object }> };
    };
    expect(Object.keys(spec.paths['/langgraph/threads/{thread_id}']).sort()).toEqual(['delete', 'get', 'patch']);
    for (const path of [
      '/langgraph/threads/search',
      '/langgraph/threads/count',
      '/langgraph/threads/{thread_id}/copy',
      '/langgraph/assistants/search',
    ])
      expect(Object.keys(spec.paths[path])).toEqual(['post']);
    expect(Object.keys(spec.paths['/langgraph/threads/{thread_id}/history']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/langgraph/threads/{thread_id}/state']).sort()).toEqual(['get', 'post']);
    expect(spec.components.securitySchemes['x-api-key']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(Object.keys(spec.components.schemas.ThreadStateResponse.properties)).toEqual(
      expect.arrayContaining(['values', 'next', 'checkpoint', 'parent_checkpoint', 'created_at']),
    );
  });
});

describe('LangGraph face: assistants search input', () => {
  const lg = langgraphApp();

  it('takes a null name as no filter (the fuzz test found a 500), and still filters by a given one', async () => {
    const all = await call(lg.app.baseUrl, 'POST', '/langgraph/assistants/search', {});
    const nullName = await call(lg.app.baseUrl, 'POST', '/langgraph/assistants/search', { name: null });
    expect([nullName.status, nullName.body]).toEqual([200, all.body]);
    expect((await call(lg.app.baseUrl, 'POST', '/langgraph/assistants/search', { name: 'no such name' })).body).toEqual([]);
  });
});
