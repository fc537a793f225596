import { difySdk } from './support/dify-sdk';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedProperties, seedSchemaErrors } from './support/dify-seed';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

/** Conversations and messages of the Dify service API, with Dify's own SDK, checked against the seed's schemas. */
describe('Dify service API: conversations and messages', () => {
  let d: DifyTestApp;
  let key: string;
  const sdk = (method: string, ...args: unknown[]) => difySdk(`${d.t.baseUrl}/v1`, key, method, ...args);
  const chat = async (query: string, user: string, conversation: string | null = null) =>
    (await sdk('createChatMessage', { topic: query }, query, user, false, conversation, null)).data;

  beforeAll(async () => {
    d = await startDifyTestApp();
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'conv-bot', name: 'Conv', opening_statement: 'Welcome!' }))).key;
  });
  afterAll(() => d.t.close());

  it("pages a conversation's messages newest page first, oldest first within a page, each a query and its answer", async () => {
    const first = await chat('One', 'pager');
    const conversation = first.conversation_id;
    const second = await chat('Two', 'pager', conversation);
    const third = await chat('Three', 'pager', conversation);

    const page1 = await sdk('getConversationMessages', 'pager', conversation, null, 2);
    expect(page1.status).toBe(200);
    expect(seedSchemaErrors('ConversationHistoryResponse', page1.data)).toEqual([]);
    expect(page1.data).toMatchObject({ limit: 2, has_more: true });
    expect(page1.data.data.map((m: any) => [m.id, m.query, m.answer])).toEqual([
      [second.message_id, 'Two', second.answer],
      [third.message_id, 'Three', third.answer],
    ]);
    expect(page1.data.data[1]).toMatchObject({
      conversation_id: conversation,
      parent_message_id: second.message_id,
      inputs: { topic: 'Three' },
    });

    const page2 = await sdk('getConversationMessages', 'pager', conversation, page1.data.data[0].id, 2);
    expect(page2.data).toMatchObject({ limit: 2, has_more: false });
    expect(page2.data.data.map((m: any) => [m.id, m.query, m.parent_message_id])).toEqual([[first.message_id, 'One', null]]);

    const missing = await d.api(
      'GET',
      `/v1/messages?user=pager&conversation_id=${conversation}&first_id=00000000-0000-4000-8000-000000000000`,
      key,
    );
    expect(missing).toMatchObject({ status: 404, body: { code: 'not_found', message: 'First Message Not Exists.' } });
    expect((await d.api('GET', `/v1/messages?user=pager`, key)).body).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^conversation_id/),
    });
    expect((await d.api('GET', `/v1/messages?user=pager&conversation_id=${conversation}&limit=101`, key)).body.message).toMatch(/^limit/);
  });

  it('pages every conversation exactly once in each sort_by order, the first sent message fixing created_at', async () => {
    const user = 'walker';
    const ids: string[] = [];
    for (const q of ['c0', 'c1', 'c2', 'c3', 'c4']) ids.push((await chat(q, user)).conversation_id);
    await chat('c1 again', user, ids[1]); // moves c1's updated_at past every other, its created_at stays
    const expected: Record<string, string[]> = {
      created_at: ids,
      '-created_at': [...ids].reverse(),
      updated_at: [ids[0], ids[2], ids[3], ids[4], ids[1]],
      '-updated_at': [ids[1], ids[4], ids[3], ids[2], ids[0]],
    };
    for (const [sortBy, order] of Object.entries(expected)) {
      const seen: string[] = [];
      let lastId = '';
      for (let hasMore = true; hasMore;) {
        const page = await d.api('GET', `/v1/conversations?user=${user}&limit=2&sort_by=${sortBy}${lastId && `&last_id=${lastId}`}`, key);
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((c: { id: string }) => c.id));
        hasMore = page.body.has_more;
        lastId = seen[seen.length - 1];
      }
      expect([sortBy, seen]).toEqual([sortBy, order]);
    }
  });

  it('lists the end user’s conversations by sort_by, pages with last_id, renames and deletes them', async () => {
    const user = 'lister';
    const a = (await chat('Alpha question', user)).conversation_id;
    const b = (await chat('Beta question', user)).conversation_id;
    await chat('More on alpha', user, a);

    const listed = await sdk('getConversations', user, null, 20, null);
    expect(listed.status).toBe(200);
    expect(seedSchemaErrors('ConversationsListResponse', listed.data)).toEqual([]);
    expect(listed.data.data.map((c: any) => c.id)).toEqual([a, b]); // -updated_at
    expect(listed.data.data[0]).toMatchObject({
      name: 'Alpha question',
      inputs: { topic: 'Alpha question' },
      status: 'normal',
      introduction: 'Welcome!',
    });

    const byCreation = await d.api('GET', `/v1/conversations?user=${user}&sort_by=created_at&limit=1`, key);
    expect(byCreation.body).toMatchObject({ limit: 1, has_more: true, data: [{ id: a }] });
    const next = await d.api('GET', `/v1/conversations?user=${user}&sort_by=created_at&limit=1&last_id=${a}`, key);
    expect(next.body).toMatchObject({ limit: 1, has_more: false, data: [{ id: b }] });
    expect((await d.api('GET', `/v1/conversations?user=${user}&last_id=00000000-0000-4000-8000-000000000000`, key)).body).toMatchObject({
      status: 404,
      message: 'Last Conversation Not Exists.',
    });
    expect((await d.api('GET', `/v1/conversations?user=${user}&sort_by=name`, key)).body.message).toMatch(/^sort_by/);

    const unnamed = await d.api('POST', '/v1/chat-messages', key, { inputs: {}, query: 'Gamma', user: 'namer', auto_generate_name: false });
    expect((await d.api('GET', '/v1/conversations?user=namer', key)).body.data).toMatchObject([
      { id: unnamed.body.conversation_id, name: 'New conversation' },
    ]);

    const renamed = await sdk('renameConversation', b, 'My beta', user, false);
    expect(renamed.status).toBe(200);
    expect(seedSchemaErrors('ConversationListItem', renamed.data)).toEqual([]);
    expect(renamed.data).toMatchObject({ id: b, name: 'My beta' });
    expect((await sdk('renameConversation', b, '', user, true)).data).toMatchObject({ name: 'Beta question' });
    const before = await d.events.headPosition();
    expect((await d.api('POST', `/v1/conversations/${b}/name`, key, { user, name: ' ' })).body).toMatchObject({
      status: 400,
      code: 'invalid_param',
    });
    expect(await d.events.headPosition()).toBe(before);

    const deleted = await fetch(`${d.t.baseUrl}/v1/conversations/${b}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('content-type')).toBeNull();
    expect(await deleted.text()).toBe('');
    expect((await sdk('getConversations', user, null, 20, null)).data.data.map((c: any) => c.id)).toEqual([a]);
    expect((await d.api('GET', `/v1/messages?user=${user}&conversation_id=${b}`, key)).status).toBe(404);
    expect((await d.api('GET', `/threads/${b}`)).status).toBe(404);
    expect((await sdk('deleteConversation', a, user)).status).toBe(204);
  });

  it("documents the conversation routes in the OpenAPI document, with the seed's fields", async () => {
    const spec: any = await (await fetch(`${d.t.baseUrl}/docs-json`)).json();
    const ok = (path: string, method: string) => spec.paths[path][method].responses['200'].content['application/json'].schema.$ref;
    expect(ok('/v1/conversations', 'get')).toBe('#/components/schemas/ConversationsListResponse');
    expect(ok('/v1/messages', 'get')).toBe('#/components/schemas/ConversationHistoryResponse');
    expect(ok('/v1/conversations/{conversation_id}/name', 'post')).toBe('#/components/schemas/ConversationListItem');
    expect(Object.keys(spec.paths['/v1/conversations/{conversation_id}'].delete.responses)).toContain('204');
    const fields = (name: string) => Object.keys(spec.components.schemas[name].properties).sort();
    expect(fields('ConversationListItem')).toEqual(seedProperties('ConversationListItem'));
    expect(fields('ConversationMessageItem')).toEqual(seedProperties('ConversationMessageItem'));
    expect(fields('ConversationHistoryResponse')).toEqual(seedProperties('ConversationHistoryResponse'));
    expect(fields('RenameConversationRequest')).toEqual(seedProperties('ConversationRenameRequest'));
  });

  it("shows nothing of an end user's conversations to another end user or another app, and changes nothing for them", async () => {
    const mine = (await chat('Private', 'keeper')).conversation_id;
    const bobKey = (await d.newKey(await d.newAgent(BOB_KEY, { slug: 'conv-bot', name: "Bob's" }), BOB_KEY)).key;
    const before = await d.events.headPosition();
    for (const [k, user] of [
      [key, 'snooper'],
      [bobKey, 'keeper'],
    ]) {
      expect((await d.api('GET', `/v1/conversations?user=${user}`, k)).body).toEqual({ limit: 20, has_more: false, data: [] });
      expect((await d.api('GET', `/v1/messages?user=${user}&conversation_id=${mine}`, k)).body).toEqual({
        code: 'not_found',
        message: 'Conversation Not Exists.',
        status: 404,
      });
      expect((await d.api('POST', `/v1/conversations/${mine}/name`, k, { user, name: 'Mine now' })).status).toBe(404);
      expect((await d.api('DELETE', `/v1/conversations/${mine}`, k, { user })).status).toBe(404);
    }
    expect(await d.events.headPosition()).toBe(before);
    expect((await d.api('GET', `/v1/conversations?user=keeper`, key)).body.data.map((c: any) => c.id)).toEqual([mine]);
  });
});
