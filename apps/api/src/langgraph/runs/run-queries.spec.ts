import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runIdFor, ThreadEvent } from '@forkline/domain';
import { EventStore } from '@forkline/event-store';
import { ProjectedEvent, READ_MODEL_PROJECTORS, ReadStore, SqliteReadStore } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { RunQueries } from './run-queries';

describe('RunQueries.active: the runs not over yet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-lgrq-'));
  const store = new SqliteReadStore(join(dir, 'read-models.db'));
  // Every row the queries read, through the real store: what asking for the active runs costs.
  let [rowsRead, queriesRun] = [0, 0];
  const counting = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (key !== 'query' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const rows = (await (value as (...a: unknown[]) => Promise<unknown[]>).apply(target, args)) as unknown[];
        rowsRead += rows.length;
        queriesRun++;
        return rows;
      };
    },
  }) as ReadStore;
  const queries = new RunQueries(counting, {} as EventStore, {} as ProjectionsService);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Thread `t`: 120 answered messages (more than the 100 newest rows the query used to read), then m120 running, m121 and m122 queued. */
  beforeAll(async () => {
    const events: ThreadEvent[] = [{ type: 'ThreadCreated', data: { threadId: 't', ownerId: 'alice', eventNumber: 0 } }];
    const add = (e: ThreadEvent) => events.push(e);
    const at = () => events.length;
    for (let i = 0; i < 123; i++)
      add({ type: 'UserMessageAdded', data: { threadId: 't', messageId: `m${i}`, content: 'hi', eventNumber: at() } });
    for (let i = 0; i <= 120; i++) {
      const [runId, replyTo] = [runIdFor('t', `m${i}`), `m${i}`];
      add({ type: 'RunStarted', data: { threadId: 't', runId, replyTo, mode: 'chat', eventNumber: at() } });
      if (i < 120) add({ type: 'RunCompleted', data: { threadId: 't', runId, replyTo, eventNumber: at() } });
    }
    // A queued message deleted: its run is over (cancelled), though its row still says pending.
    add({ type: 'MessageDeleted', data: { threadId: 't', messageId: 'm121', eventNumber: at() } });
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
    const position = BigInt(events.length);
    await store.commit(
      READ_MODEL_PROJECTORS.map((p) => ({ subscriber: p.name, position, changes: projected.flatMap((e) => p.project(e)) })),
    );
  });

  it('finds the running and the queued runs, newest first, and none that is over (a deleted message’s included)', async () => {
    [rowsRead, queriesRun] = [0, 0];
    const active = await queries.active(['t', 'a-thread-with-no-runs']);
    expect(active.map((r) => [r.reply_to, r.status])).toEqual([
      ['m122', 'pending'],
      ['m120', 'running'],
    ]);
    // The finished runs are not read: the queued run whose message was deleted is the only other row.
    expect(rowsRead).toBe(3);
    // One query per branch, whatever the number of statuses that are not over.
    expect(queriesRun).toBe(2);
  });
});
