import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedProperties, seedSchemaErrors } from './support/dify-seed';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

/**
 * Annotations and the annotation-reply setting (raw HTTP: dify-client 2.3.2 has no annotation methods), checked against
 * the seed's schemas: CRUD, paging and keyword, another app's isolation, Dify's errors with nothing written.
 */
describe('Dify service API: annotations', () => {
  let d: DifyTestApp;
  let key: string;
  let otherKey: string;
  const api: DifyTestApp['api'] = (...args) => d.api(...args);

  beforeAll(async () => {
    d = await startDifyTestApp();
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'notes-bot', name: 'Notes bot' }))).key;
    otherKey = (await d.newKey(await d.newAgent(BOB_KEY, { slug: 'bobs-bot', name: 'Bob bot' }), BOB_KEY)).key;
  });
  afterAll(() => d.t.close());

  it("creates, lists, updates and deletes annotations in the seed's shapes", async () => {
    const created = await api('POST', '/v1/apps/annotations', key, {
      question: 'What is Forkline?',
      answer: 'An event-sourced chat backend.',
    });
    expect(created.status).toBe(201);
    expect(seedSchemaErrors('AnnotationItem', created.body)).toEqual([]);
    expect(Object.keys(created.body).sort()).toEqual(seedProperties('AnnotationItem'));
    expect(created.body).toMatchObject({ question: 'What is Forkline?', answer: 'An event-sourced chat backend.', hit_count: 0 });
    const second = (await api('POST', '/v1/apps/annotations', key, { question: 'Who runs it?', answer: 'You do.' })).body;
    const third = (await api('POST', '/v1/apps/annotations', key, { question: 'Is it fast?', answer: 'Forkline forks in O(1).' })).body;

    const page1 = await api('GET', '/v1/apps/annotations?page=1&limit=2', key);
    expect(page1.status).toBe(200);
    expect(seedSchemaErrors('AnnotationListResponse', page1.body)).toEqual([]);
    expect(Object.keys(page1.body).sort()).toEqual(seedProperties('AnnotationListResponse'));
    expect(page1.body).toMatchObject({ has_more: true, limit: 2, total: 3, page: 1 });
    expect(page1.body.data.map((a: any) => a.id)).toEqual([third.id, second.id]);
    const page2 = (await api('GET', '/v1/apps/annotations?page=2&limit=2', key)).body;
    expect(page2).toMatchObject({ has_more: false, total: 3, page: 2, data: [{ id: created.body.id }] });
    const found = (await api('GET', '/v1/apps/annotations?keyword=forkline', key)).body;
    expect(found.data.map((a: any) => a.id)).toEqual([third.id, created.body.id]);

    const updated = await api('PUT', `/v1/apps/annotations/${second.id}`, key, { question: 'Who runs Forkline?', answer: 'Its owner.' });
    expect(updated.status).toBe(200);
    expect(seedSchemaErrors('AnnotationItem', updated.body)).toEqual([]);
    expect(updated.body).toEqual({ ...second, question: 'Who runs Forkline?', answer: 'Its owner.' });

    const deleted = await fetch(`${d.t.baseUrl}/v1/apps/annotations/${third.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect(deleted.headers.get('content-type')).toBeNull();
    const after = (await api('GET', '/v1/apps/annotations', key)).body;
    expect(after.data.map((a: any) => a.id)).toEqual([second.id, created.body.id]);
  });

  it("keeps each app's annotations to itself: another app lists none and gets 404 for them, writing nothing", async () => {
    const mine = (await api('POST', '/v1/apps/annotations', key, { question: 'Secret?', answer: 'Yes.' })).body;
    expect((await api('GET', '/v1/apps/annotations?keyword=secret', otherKey)).body).toMatchObject({ data: [], total: 0 });
    const before = await d.events.headPosition();
    const notFound = { code: 'not_found', message: 'Annotation not found.', status: 404 };
    const put = await api('PUT', `/v1/apps/annotations/${mine.id}`, otherKey, { question: 'Mine now?', answer: 'No.' });
    expect({ status: put.status, body: put.body }).toEqual({ status: 404, body: notFound });
    const del = await api('DELETE', `/v1/apps/annotations/${mine.id}`, otherKey);
    expect({ status: del.status, body: del.body }).toEqual({ status: 404, body: notFound });
    expect((await api('DELETE', '/v1/apps/annotations/00000000-0000-4000-8000-000000000000', key)).status).toBe(404);
    expect(await d.events.headPosition()).toBe(before);
    expect((await api('GET', '/v1/apps/annotations?keyword=secret', key)).body.data).toEqual([mine]);
  });

  it("refuses bad input in Dify's envelope naming the field, writing nothing", async () => {
    const before = await d.events.headPosition();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/v1/apps/annotations', { answer: 'No question.' }, 'question'],
      ['POST', '/v1/apps/annotations', { question: 'q', answer: 42 }, 'answer'],
      ['GET', '/v1/apps/annotations?limit=0', undefined, 'limit'],
      ['GET', '/v1/apps/annotations?page=x', undefined, 'page'],
      [
        'POST',
        '/v1/apps/annotation-reply/enable',
        { score_threshold: 2, embedding_provider_name: 'p', embedding_model_name: 'm' },
        'score_threshold',
      ],
      ['POST', '/v1/apps/annotation-reply/enable', { score_threshold: 0.5, embedding_model_name: 'm' }, 'embedding_provider_name'],
      ['POST', '/v1/apps/annotation-reply/toggle', {}, 'action'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await api(method, path, key, body);
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status: 400, code: 'invalid_param' });
      expect(answer.body.message).toContain(field);
    }
    expect(await d.events.headPosition()).toBe(before);
  });

  it('records annotation reply enable and disable as jobs whose status is read back; unknown jobs are refused', async () => {
    const settings = { score_threshold: 0.8, embedding_provider_name: 'openai', embedding_model_name: 'text-embedding-3-small' };
    const enabled = await api('POST', '/v1/apps/annotation-reply/enable', key, settings);
    expect(enabled.status).toBe(200);
    expect(seedSchemaErrors('InitialAnnotationReplySettingsResponse', enabled.body)).toEqual([]);
    expect(Object.keys(enabled.body).sort()).toEqual(seedProperties('InitialAnnotationReplySettingsResponse'));
    const status = await api('GET', `/v1/apps/annotation-reply/enable/status/${enabled.body.job_id}`, key);
    expect(status.status).toBe(200);
    expect(seedSchemaErrors('InitialAnnotationReplySettingsStatusResponse', status.body)).toEqual([]);
    expect(status.body).toEqual({ job_id: enabled.body.job_id, job_status: 'completed', error_msg: '' });
    const events = (await d.allEvents()).filter((e) => e.includes('AnnotationReplySet'));
    expect(events.join()).toContain(enabled.body.job_id);
    expect(events.join()).toContain('"scoreThreshold":0.8');

    const disabled = (await api('POST', '/v1/apps/annotation-reply/disable', key, {})).body;
    expect((await api('GET', `/v1/apps/annotation-reply/disable/status/${disabled.job_id}`, key)).body.job_status).toBe('completed');
    const missing = { code: 'invalid_param', message: 'The job does not exist.', status: 400 };
    for (const [path, k] of [
      [`/v1/apps/annotation-reply/disable/status/${enabled.body.job_id}`, key],
      [`/v1/apps/annotation-reply/enable/status/${enabled.body.job_id}`, otherKey],
      ['/v1/apps/annotation-reply/enable/status/00000000-0000-4000-8000-000000000000', key],
    ]) {
      const answer = await api('GET', path, k);
      expect({ path, status: answer.status, body: answer.body }).toEqual({ path, status: 400, body: missing });
    }
  });
});
