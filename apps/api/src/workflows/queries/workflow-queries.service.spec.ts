import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ThreadEvent } from '@forkline/domain';
import { ProjectedEvent, READ_MODEL_PROJECTORS, ReadStore, SqliteReadStore, ThreadHistory } from '@forkline/read-models';
import { WorkflowQueries } from './workflow-queries.service';

describe('WorkflowQueries listings of files', () => {
  const store = new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'fl-wfq-')), 'read-models.db'));
  const TEXT = 'the whole text of the report, which listings never need';
  const [FIRST, SECOND] = ['the first question, in full', 'the second question, in full'];
  // Every row the queries read, through the real store: what a listing costs.
  const rowsRead: unknown[] = [];
  const recording = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        rowsRead.push(result);
        return result;
      };
    },
  }) as ReadStore;
  const queries = new WorkflowQueries(recording, new ThreadHistory(recording));
  afterAll(() => store.close());

  beforeAll(async () => {
    const file = { id: 'f1', name: 'report.txt', size: TEXT.length, content: TEXT };
    const events: ThreadEvent[] = [
      { type: 'ThreadCreated', data: { threadId: 'w', ownerId: 'alice', eventNumber: 0 } },
      { type: 'UserMessageAdded', data: { threadId: 'w', messageId: 'm1', content: FIRST, eventNumber: 1, files: [file] } },
      { type: 'DocumentAttached', data: { threadId: 'w', messageId: 'm1', document: file, eventNumber: 2 } },
      { type: 'DocumentAttached', data: { threadId: 'w', messageId: 'm1', document: { id: 'f2', name: 'empty.bin' }, eventNumber: 3 } },
      { type: 'UserMessageAdded', data: { threadId: 'w', messageId: 'm2', content: SECOND, eventNumber: 4 } },
    ];
    const projected = events.map(
      (e, i) =>
        ({
          ...e,
          position: BigInt(i + 1),
          occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
          eventId: `e${i}`,
          actor: 'alice',
        }) as ProjectedEvent,
    );
    await store.commit(
      READ_MODEL_PROJECTORS.map((p) => ({ subscriber: p.name, position: 5n, changes: projected.flatMap((e) => p.project(e)) })),
    );
  });

  it('lists documents (chatData) and message files without reading any file text; hasContent still says which have one', async () => {
    rowsRead.length = 0;
    const chat = await queries.chatData('alice', 'w');
    const messages = await queries.messages('alice', 'w');
    expect(chat.documents.map((d) => [d.id, d.hasContent])).toEqual([
      ['f1', true],
      ['f2', false],
    ]);
    expect(messages[0].files.map((f) => f.id)).toEqual(['f1', 'f2']);
    expect(JSON.stringify(rowsRead)).not.toContain(TEXT);
  });

  it('lists workflows with their message and log ids without reading any message text', async () => {
    rowsRead.length = 0;
    const [listed] = (await queries.list('alice')).items;
    const one = await queries.workflow('alice', 'w');
    expect(listed.messageIds).toEqual(['m1', 'm2']);
    expect(one).toEqual(listed);
    expect(JSON.stringify(rowsRead)).not.toContain(FIRST);
    expect(JSON.stringify(rowsRead)).not.toContain(SECOND);
  });

  it('reads only the messages after afterTimestamp for chatData, not all of them', async () => {
    rowsRead.length = 0;
    const chat = await queries.chatData('alice', 'w', Date.UTC(2026, 0, 1, 0, 0, 2) / 1000);
    expect(chat.messages.map((m) => [m.id, m.content])).toEqual([['m2', SECOND]]);
    expect(JSON.stringify(rowsRead)).not.toContain(FIRST);
  });
});
