import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { difySdk } from './support/dify-sdk';
import { seedSchemaErrors } from './support/dify-seed';
import { ALICE_KEY } from './support/test-app';

/** parent_message_id on POST /v1/chat-messages: answers from that message, in its branch or a fork made at it. */
describe('Dify service API: branching by parent_message_id', () => {
  let d: DifyTestApp;
  let key: string;
  const chat = async (query: string, conversation_id?: string, parent_message_id?: string) => {
    const answer = await d.api('POST', '/v1/chat-messages', key, {
      inputs: {},
      query,
      user: 'brancher',
      conversation_id,
      parent_message_id,
    });
    if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  beforeAll(async () => {
    d = await startDifyTestApp();
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'branch-bot', name: 'Branches' }))).key;
  });
  afterAll(() => d.t.close());

  it('regenerates an answer and edits a question in new branches, lists the whole tree with real parents, leaves the source alone', async () => {
    const m1 = await chat('Q1');
    const conversation = m1.conversation_id;
    const m2 = await chat('Q2', conversation);
    const m3 = await chat('Q3', conversation);
    const rootBefore = (await d.api('GET', `/threads/${conversation}/messages`)).body;

    // Regenerate the answer to Q2: the same query again after m1. Then edit Q3: another query after m2.
    const m2b = await chat('Q2', conversation, m1.message_id);
    const m3b = await chat('Q3 edited', conversation, m2.message_id);
    expect(m2b.conversation_id).toBe(conversation);
    expect(m3b.conversation_id).toBe(conversation);
    // No parent: after the latest message, in its branch.
    const m4 = await chat('Q4', conversation);
    // A parent at the tip of its branch goes on in that branch (no fork).
    const m2c = await chat('Q3 after the regenerated Q2', conversation, m2b.message_id);

    const listed = await difySdk(`${d.t.baseUrl}/v1`, key, 'getConversationMessages', 'brancher', conversation, null, 100);
    expect(seedSchemaErrors('ConversationHistoryResponse', listed.data)).toEqual([]);
    const tree = listed.data.data.map((m: any) => [m.query, m.id, m.parent_message_id]);
    expect(tree).toEqual([
      ['Q1', m1.message_id, null],
      ['Q2', m2.message_id, m1.message_id],
      ['Q3', m3.message_id, m2.message_id],
      ['Q2', m2b.message_id, m1.message_id],
      ['Q3 edited', m3b.message_id, m2.message_id],
      ['Q4', m4.message_id, m3b.message_id],
      ['Q3 after the regenerated Q2', m2c.message_id, m2b.message_id],
    ]);
    expect(listed.data.data.every((m: any) => m.conversation_id === conversation && m.answer.length > 0)).toBe(true);

    // The source branch is untouched; the branches are forks of it, the owner's, in the native face.
    expect((await d.api('GET', `/threads/${conversation}/messages`)).body).toEqual(rootBefore);
    const branches = (await d.api('GET', `/threads/${conversation}/branches`)).body;
    expect(JSON.stringify(branches).match(/"thread_id"/g)).toHaveLength(2);
    // One conversation for the end user, however many branches.
    expect((await d.api('GET', '/v1/conversations?user=brancher', key)).body.data.map((c: any) => c.id)).toEqual([conversation]);

    // Deleting the conversation deletes its branches too.
    const branchIds: string[] = branches.map((b: any) => b.thread_id);
    expect((await d.api('DELETE', `/v1/conversations/${conversation}`, key, { user: 'brancher' })).status).toBe(204);
    for (const id of [conversation, ...branchIds]) expect((await d.api('GET', `/threads/${id}`)).status).toBe(404);
  });

  it("regenerates the conversation's first message with Dify's UUID_NIL parent: a branch that holds nothing before it", async () => {
    const NIL = '00000000-0000-0000-0000-000000000000';
    const m1 = await chat('First question');
    const conversation = m1.conversation_id;
    const m2 = await chat('Second question', conversation);
    const again = await chat('First question, edited', conversation, NIL);
    expect(again.conversation_id).toBe(conversation);
    const next = await chat('Then this', conversation);

    const listed = (await d.api('GET', `/v1/messages?user=brancher&conversation_id=${conversation}&limit=100`, key)).body.data;
    expect(listed.map((m: any) => [m.query, m.id, m.parent_message_id])).toEqual([
      ['First question', m1.message_id, null],
      ['Second question', m2.message_id, m1.message_id],
      ['First question, edited', again.message_id, null],
      ['Then this', next.message_id, again.message_id],
    ]);
    // The branch's own thread (what the agent answered from) holds only its own turns.
    const [branch] = (await d.api('GET', `/threads/${conversation}/branches`)).body;
    const messages = (await d.api('GET', `/threads/${branch.thread_id}/messages`)).body;
    expect(messages.filter((m: any) => m.role === 'user').map((m: any) => m.content)).toEqual(['First question, edited', 'Then this']);
    // UUID_NIL without a conversation starts a new one, as a first message does.
    const fresh = await chat('A new start', undefined, NIL);
    expect(fresh.conversation_id).not.toBe(conversation);
  });

  it("counts a branch's messages in its conversation's updated_at", async () => {
    const send = (query: string, conversation_id?: string, parent_message_id?: string) =>
      d
        .api('POST', '/v1/chat-messages', key, { inputs: {}, query, user: 'sorter', conversation_id, parent_message_id })
        .then((r) => r.body);
    const x1 = await send('X1');
    await send('X2', x1.conversation_id);
    const y = await send('Y');
    const list = async () => (await d.api('GET', '/v1/conversations?user=sorter', key)).body.data.map((c: any) => c.id);
    expect(await list()).toEqual([y.conversation_id, x1.conversation_id]);
    await send('X2 again', x1.conversation_id, x1.message_id); // a fork of X's root
    expect(await list()).toEqual([x1.conversation_id, y.conversation_id]);
  });

  it('refuses a parent from another conversation (400), an unknown one (404), or one without its conversation (400), writing nothing', async () => {
    const a = await chat('In A');
    const b = await chat('In B');
    const theirs = (await d.api('POST', '/v1/chat-messages', key, { inputs: {}, query: 'mine', user: 'other-user' })).body;
    const before = await d.events.headPosition();
    const send = (body: Record<string, unknown>) =>
      d.api('POST', '/v1/chat-messages', key, { inputs: {}, query: 'x', user: 'brancher', ...body });
    expect((await send({ conversation_id: a.conversation_id, parent_message_id: b.message_id })).body).toEqual({
      code: 'invalid_param',
      message: 'parent_message_id: belongs to another conversation',
      status: 400,
    });
    expect(
      (await send({ conversation_id: a.conversation_id, parent_message_id: '00000000-0000-4000-8000-000000000000' })).body,
    ).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect((await send({ parent_message_id: a.message_id })).body).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^parent_message_id/),
    });
    // Another end user's message is reported as unknown, not as another conversation.
    expect((await send({ conversation_id: a.conversation_id, parent_message_id: theirs.message_id })).status).toBe(404);
    expect(await d.events.headPosition()).toBe(before);
  });
});
