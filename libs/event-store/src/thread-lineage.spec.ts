import { ThreadCommand } from '@forkline/domain';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteEventStore } from './sqlite-event-store';
import { ThreadLineage } from './thread-lineage';
import { ThreadRepository } from './thread-repository';

describe('ThreadLineage over the SQLite store', () => {
  const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-lineage-')), 'events.db'));
  const repository = new ThreadRepository(store);
  const lineage = new ThreadLineage(store);
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const exec = (c: ThreadCommand) => repository.execute(c, ctx);
  const send = (threadId: string, messageId: string) => exec({ type: 'SendMessage', threadId, userId: 'u', messageId, content: messageId });
  const answer = (threadId: string, replyTo: string) =>
    exec({ type: 'StartRun', threadId, runId: `r-${threadId}-${replyTo}`, replyTo }).then(() =>
      exec({
        type: 'CompleteRun',
        threadId,
        runId: `r-${threadId}-${replyTo}`,
        replyTo,
        messageId: `a-${threadId}-${replyTo}`,
        content: 'ok',
      }),
    );
  const fork = async (threadId: string, sourceThreadId: string, at: number) =>
    exec({
      type: 'ForkThread',
      threadId,
      ownerId: 'u',
      sourceThreadId,
      fromEventNumber: at,
      source: { exists: true, ...(await lineage.head(sourceThreadId))!, unansweredAtFork: await lineage.unansweredAt(sourceThreadId, at) },
    });
  const ids = (ms: Array<{ messageId: string }>) => ms.map((m) => m.messageId);
  afterAll(() => store.close());

  beforeAll(async () => {
    await exec({ type: 'CreateThread', threadId: 's', ownerId: 'u' }); // 0
    await send('s', 'u1'); // 1
    await send('s', 'u2'); // 2
    await answer('s', 'u1'); // 3 run, 4 reply, 5 done
    await send('s', 'u3'); // 6
  });

  it('finds the unanswered messages at any point, walking back only to the latest reply', async () => {
    expect(ids(await lineage.unansweredAt('s', 0))).toEqual([]);
    expect(ids(await lineage.unansweredAt('s', 1))).toEqual(['u1']);
    expect(ids(await lineage.unansweredAt('s', 3))).toEqual(['u1', 'u2']);
    expect(ids(await lineage.unansweredAt('s', 4))).toEqual(['u2']);
    expect(ids(await lineage.unansweredAt('s', 6))).toEqual(['u2', 'u3']);
    expect(await lineage.head('s')).toEqual({ ownerId: 'u', head: 6 });
    expect(await lineage.head('missing')).toBeNull();
  });

  it('counts a stopped or deleted message as settled', async () => {
    await exec({ type: 'CreateThread', threadId: 'st', ownerId: 'u' }); // 0
    await send('st', 'st1'); // 1
    await exec({ type: 'StopRun', threadId: 'st', userId: 'u' }); // 2: stopped before its run started
    await send('st', 'st2'); // 3
    await send('st', 'st3'); // 4
    await exec({ type: 'DeleteMessage', threadId: 'st', userId: 'u', messageId: 'st2', message: { fileIds: [] } }); // 5
    expect(ids(await lineage.unansweredAt('st', 2))).toEqual([]);
    expect(ids(await lineage.unansweredAt('st', 5))).toEqual(['st3']);
    expect(ids(await lineage.unansweredAt('st', 4))).toEqual(['st2', 'st3']);
    expect((await repository.load('st')).state.unanswered.map((m) => m.messageId)).toEqual(['st3']);
  });

  it('reads a fork of a fork through its sources, and knows what each fork inherited unanswered', async () => {
    await fork('f', 's', 3); // ThreadForked is 4
    await answer('f', 'u1'); // 5, 6, 7
    await send('f', 'fu'); // 8
    expect(ids(await lineage.unansweredAt('f', 4))).toEqual(['u1', 'u2']);
    expect(ids(await lineage.unansweredAt('f', 7))).toEqual(['u2']);
    expect(ids(await lineage.unansweredAt('f', 8))).toEqual(['u2', 'fu']);
    expect(ids(await lineage.unansweredAt('f', 2))).toEqual(['u1', 'u2']);

    await fork('ff', 'f', 6); // inherits s 0..3, f 4..6
    const events = await lineage.eventsUpTo('ff', 100);
    expect(events.map((e) => e.data.eventNumber)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['AssistantMessageAdded', 'ThreadForked']);
    expect(ids(await lineage.unansweredAt('ff', 7))).toEqual(['u2']);
    expect((await lineage.eventsUpTo('ff', 2)).map((e) => e.data.eventNumber)).toEqual([0, 1, 2]);
  });
});
