import { difySdk } from './support/dify-sdk';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedSchemaErrors } from './support/dify-seed';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

/** Feedbacks on answers (Dify's SDK messageFeedback) and the app's feedback list, checked against the seed's schemas. */
describe('Dify service API: feedbacks', () => {
  let d: DifyTestApp;
  let key: string;
  let agentId: string;
  const sdk = (method: string, ...args: unknown[]) => difySdk(`${d.t.baseUrl}/v1`, key, method, ...args);
  const chat = async (query: string, user: string, conversation: string | null = null) =>
    (await sdk('createChatMessage', {}, query, user, false, conversation, null)).data;
  const feedbackEvents = async () => (await d.allEvents()).filter((e) => e.includes('"MessageFeedbackRecorded"'));

  beforeAll(async () => {
    d = await startDifyTestApp();
    agentId = await d.newAgent(ALICE_KEY, { slug: 'rated-bot', name: 'Rated' });
    key = (await d.newKey(agentId)).key;
  });
  afterAll(() => d.t.close());

  it('rates an answer, shows the rating in messages and the app feedbacks, re-rates it and revokes it', async () => {
    const first = await chat('Rate me', 'rater');
    const second = await chat('And me', 'rater', first.conversation_id);

    const liked = await sdk('messageFeedback', first.message_id, 'like', 'rater');
    expect(liked).toEqual({ status: 200, data: { result: 'success' } });
    const withContent = { rating: 'dislike', user: 'rater', content: 'Too short' };
    expect(await d.api('POST', `/v1/messages/${second.message_id}/feedbacks`, key, withContent)).toMatchObject({
      status: 200,
      body: { result: 'success' },
    });

    const messages = await sdk('getConversationMessages', 'rater', first.conversation_id, null, 20);
    expect(seedSchemaErrors('ConversationHistoryResponse', messages.data)).toEqual([]);
    expect(messages.data.data.map((m: any) => [m.id, m.feedback])).toEqual([
      [first.message_id, { rating: 'like' }],
      [second.message_id, { rating: 'dislike' }],
    ]);

    const listed = await d.api('GET', '/v1/app/feedbacks', key);
    expect(listed.status).toBe(200);
    expect(seedSchemaErrors('AppFeedbacksResponse', listed.body)).toEqual([]);
    const item = listed.body.data.find((f: any) => f.message_id === second.message_id);
    expect(item).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      app_id: agentId,
      conversation_id: first.conversation_id,
      message_id: second.message_id,
      rating: 'dislike',
      content: 'Too short',
      from_source: 'user',
      from_end_user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      from_account_id: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(listed.body.data.map((f: any) => f.message_id)).toEqual([second.message_id, first.message_id]); // newest first
    const paged = await d.api('GET', '/v1/app/feedbacks?page=2&limit=1', key);
    expect(paged.body.data.map((f: any) => f.message_id)).toEqual([first.message_id]);

    // Re-rated: the same feedback, its creation time kept.
    await sdk('messageFeedback', second.message_id, 'like', 'rater');
    const rerated = (await d.api('GET', '/v1/app/feedbacks', key)).body.data.find((f: any) => f.message_id === second.message_id);
    expect(rerated).toMatchObject({ id: item.id, rating: 'like', created_at: item.created_at });

    // The SDK 2.3.2 sends rating: null, the newer one leaves it out: both revoke.
    expect(await sdk('messageFeedback', first.message_id, null, 'rater')).toEqual({ status: 200, data: { result: 'success' } });
    expect((await d.api('POST', `/v1/messages/${second.message_id}/feedbacks`, key, { user: 'rater' })).status).toBe(200);
    expect((await d.api('GET', '/v1/app/feedbacks', key)).body.data).toEqual([]);
    const after = await sdk('getConversationMessages', 'rater', first.conversation_id, null, 20);
    expect(after.data.data.map((m: any) => m.feedback)).toEqual([null, null]);

    // Each rating is in the thread's log: who (the end user), which message, the rating, the content, when.
    const recorded = (await feedbackEvents()).map((e) => JSON.parse(e));
    expect(recorded).toHaveLength(5);
    expect(recorded[1]).toMatchObject({
      streamId: `thread-${first.conversation_id}`,
      data: { messageId: second.message_id, rating: 'dislike', content: 'Too short', endUserId: item.from_end_user_id },
      metadata: { actor: expect.any(String), occurredAt: expect.any(String) },
    });
    expect(recorded[4].data).toMatchObject({ messageId: second.message_id, rating: null, content: null });
  });

  it('refuses bad input, another end user and another app, writing nothing', async () => {
    const answer = await chat('Mine only', 'owner-user');
    const bobKey = (await d.newKey(await d.newAgent(BOB_KEY, { slug: 'bob-bot', name: 'Bob' }), BOB_KEY)).key;
    const before = (await d.allEvents()).length;
    const post = (body: unknown, k = key, id = answer.message_id) => d.api('POST', `/v1/messages/${id}/feedbacks`, k, body);

    expect((await post({ rating: 'meh', user: 'owner-user' })).body).toMatchObject({
      code: 'invalid_param',
      status: 400,
      message: expect.stringMatching(/^rating/),
    });
    expect((await post({ rating: 'like' })).body).toMatchObject({ status: 400, message: expect.stringMatching(/^user/) });
    expect((await post({ rating: 'like', user: 'owner-user', content: 5 })).body.message).toMatch(/^content/);
    expect(await post({ rating: null, user: 'owner-user' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_param', message: expect.stringMatching(/^rating/) },
    });
    const missing = { status: 404, body: { code: 'not_found', message: 'Message Not Exists.', status: 404 } };
    expect(await post({ rating: 'like', user: 'someone-else' })).toMatchObject(missing);
    expect(await post({ rating: 'like', user: 'owner-user' }, key, '00000000-0000-4000-8000-000000000000')).toMatchObject(missing);
    expect(await post({ rating: 'like', user: 'owner-user' }, key, 'not-a-uuid')).toMatchObject(missing);

    expect(await post({ rating: 'like', user: 'owner-user' }, bobKey)).toMatchObject(missing);
    expect((await d.allEvents()).length).toBe(before);

    await post({ rating: 'like', user: 'owner-user' });
    expect((await d.api('GET', '/v1/app/feedbacks', bobKey)).body).toEqual({ data: [] });
    expect((await d.api('GET', '/v1/app/feedbacks?limit=102', key)).body).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^limit/),
    });
    expect((await d.api('GET', '/v1/app/feedbacks?page=0', key)).body).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^page/),
    });
  });
});
