import { ReadModelChange, RowChange } from './read-model.schema';
import { FollowsAnotherEventStore, ReadStore } from './read-store.port';
import { describeReplayContract } from './read-store-replay.contract';

/** The behaviour every ReadStore adapter must show. Each adapter's spec runs this suite. */
export function describeReadStoreContract(name: string, open: () => Promise<ReadStore>): void {
  describe(`ReadStore contract: ${name}`, () => {
    let store: ReadStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(() => store.close());
    /** Commits one batch; a change without a position of its own takes the batch's. */
    const commitOne = (subscriber: string, position: bigint, changes: Array<RowChange | ReadModelChange>) =>
      store.commit([{ subscriber, position, changes: changes.map((c) => ({ position, ...c })) }]);

    const thread = (id: string, parent: string | null = null, from: number | null = null): RowChange[] => [
      {
        table: 'threads' as const,
        upsert: {
          thread_id: id,
          owner_id: 'u',
          parent_thread_id: parent,
          from_event_number: from,
          created_at: `2026-01-01T00:00:0${id.length}Z`,
          agent_id: 'g',
        },
      },
      { table: 'heads' as const, upsert: { thread_id: id, event_number: from === null ? 0 : from + 1 } },
    ];
    const message = (threadId: string, n: number, role: string): RowChange => ({
      table: 'messages' as const,
      upsert: { thread_id: threadId, event_number: n, message_id: `${threadId}-${n}`, role, content: `c${n}`, created_at: 'x', stopped: 0 },
    });

    it('applies changes with the checkpoint, and ignores a batch at or behind it', async () => {
      expect(await store.checkpointOf('p')).toBeUndefined();
      await commitOne('p', 5n, thread('a'));
      expect(await store.checkpointOf('p')).toBe(5n);
      await commitOne('p', 5n, [{ table: 'heads', upsert: { thread_id: 'a', event_number: 99 } }]);
      await commitOne('p', 4n, [{ table: 'heads', upsert: { thread_id: 'a', event_number: 98 } }]);
      expect((await store.getThread('a'))?.event_number).toBe(0);
      expect(await store.checkpointOf('p')).toBe(5n);
      expect(await store.checkpointOf('other')).toBeUndefined();
    });

    it('commits several subscribers at once, each guarded by its own checkpoint', async () => {
      await commitOne('behind', 1n, thread('a'));
      await commitOne('ahead', 9n, []);
      await store.commit([
        { subscriber: 'behind', position: 5n, changes: [{ table: 'heads', upsert: { thread_id: 'a', event_number: 4 }, position: 5n }] },
        {
          subscriber: 'ahead',
          position: 5n,
          changes: [{ table: 'heads', upsert: { thread_id: 'a', latest_ai_message_id: 'stale' }, position: 5n }],
        },
      ]);
      expect(await store.getThread('a')).toMatchObject({ event_number: 4, latest_ai_message_id: null });
      expect([await store.checkpointOf('behind'), await store.checkpointOf('ahead')]).toEqual([5n, 9n]);
    });

    it('applies a batch committed several times at once only once, counters included', async () => {
      const commit = () =>
        store.commit([
          {
            subscriber: 'p',
            position: 2n,
            changes: [
              { table: 'workflows', upsert: { thread_id: 'a', pending: 0 }, position: 1n },
              { table: 'workflows', upsert: { thread_id: 'a' }, increment: { pending: 1 }, position: 2n },
            ],
          },
        ]);
      await Promise.all([commit(), commit(), commit()]);
      expect(await store.query('workflows', { thread_id: 'a' })).toMatchObject([{ pending: 1 }]);
      expect(await store.checkpointOf('p')).toBe(2n);
    });

    it('upserts partially: a change naming some columns leaves the others', async () => {
      await commitOne('p', 1n, thread('a'));
      await commitOne('p', 2n, [{ table: 'heads', upsert: { thread_id: 'a', latest_ai_message_id: 'm' } }]);
      await commitOne('p', 3n, [{ table: 'heads', upsert: { thread_id: 'a', event_number: 7 } }]);
      expect(await store.getThread('a')).toEqual({
        thread_id: 'a',
        owner_id: 'u',
        parent_thread_id: null,
        from_event_number: null,
        created_at: '2026-01-01T00:00:01Z',
        agent_id: 'g',
        event_number: 7,
        latest_ai_message_id: 'm',
        latest_checkpoint_id: null,
      });
      expect(await store.getThread('missing')).toBeNull();
    });

    it('answers the thread, branch, message and checkpoint queries', async () => {
      await commitOne('p', 1n, [
        ...thread('a'),
        ...thread('bb', 'a', 3),
        ...thread('ccc', 'a', 1),
        { table: 'branches', upsert: { thread_id: 'ccc', parent_thread_id: 'a', from_event_number: 1, created_at: '2026-01-02' } },
        { table: 'branches', upsert: { thread_id: 'bb', parent_thread_id: 'a', from_event_number: 3, created_at: '2026-01-01' } },
        message('a', 1, 'user'),
        message('a', 3, 'assistant'),
        message('a', 5, 'user'),
        message('a', 7, 'assistant'),
        { table: 'checkpoints', upsert: { checkpoint_id: 'k1', thread_id: 'a', event_number: 3, saved_at: '1' } },
        { table: 'checkpoints', upsert: { checkpoint_id: 'k2', thread_id: 'a', event_number: 7, saved_at: '2' } },
      ]);
      expect((await store.listThreads('u')).map((t) => t.thread_id)).toEqual(['a', 'bb', 'ccc']);
      expect(await store.listThreads('someone-else')).toEqual([]);
      expect((await store.listBranches('a')).map((b) => b.thread_id)).toEqual(['bb', 'ccc']);
      expect((await store.listMessages('a')).map((m) => m.event_number)).toEqual([1, 3, 5, 7]);
      expect((await store.listMessages('a', 5)).map((m) => m.event_number)).toEqual([1, 3, 5]);
      expect((await store.latestMessage('a', 'assistant', 6))?.message_id).toBe('a-3');
      expect(await store.latestMessage('a', 'assistant', 2)).toBeNull();
      expect((await store.latestCheckpoint('a'))?.checkpoint_id).toBe('k2');
      expect((await store.latestCheckpoint('a', 6))?.checkpoint_id).toBe('k1');
      expect(await store.getCheckpoint('k1')).toEqual({ checkpoint_id: 'k1', thread_id: 'a', event_number: 3, saved_at: '1' });
      await commitOne('p', 2n, [{ table: 'checkpoints', delete: { thread_id: 'a' } }]);
      expect(await store.getCheckpoint('k1')).toBeNull();
    });

    it('increments counters and answers generic queries with order, after and limit', async () => {
      await commitOne('p', 3n, [
        { table: 'workflows', upsert: { thread_id: 'a', pending: 0 }, position: 1n },
        { table: 'workflows', upsert: { thread_id: 'a' }, increment: { pending: 2 }, position: 2n },
        { table: 'workflows', upsert: { thread_id: 'a', mode: 'chat' }, increment: { pending: -1 }, position: 3n },
        ...[1, 2, 3, 4].map((n): RowChange => ({
          table: 'logs',
          upsert: { thread_id: 'a', event_number: n, log_id: `l${n}`, level: 'info', message: 'm', created_at: `t${n}` },
        })),
        { table: 'logs', upsert: { thread_id: 'b', event_number: 9, log_id: 'other', level: 'info', message: 'm', created_at: 't9' } },
      ]);
      expect((await store.query('workflows', { thread_id: 'a' }))[0]).toMatchObject({ pending: 1, mode: 'chat' });
      const ids = (rows: Array<{ log_id: string }>) => rows.map((r) => r.log_id);
      expect(ids(await store.query('logs', { thread_id: 'a' }, { orderBy: 'event_number' }))).toEqual(['l1', 'l2', 'l3', 'l4']);
      expect(
        ids(await store.query('logs', { thread_id: 'a' }, { orderBy: 'event_number', after: { column: 'event_number', value: 2 } })),
      ).toEqual(['l3', 'l4']);
      expect(ids(await store.query('logs', { thread_id: 'a' }, { orderBy: 'event_number', desc: true, limit: 1 }))).toEqual(['l4']);
      expect(ids(await store.query('logs', { log_id: 'other' }))).toEqual(['other']);
      await expect(store.query('logs', { nope: 1 } as object)).rejects.toThrow(/unknown column/);
      await expect(store.query('logs', {}, { orderBy: 'nope' })).rejects.toThrow(/unknown column/);
    });

    it('answers generic queries up to a value, and with only the columns asked for', async () => {
      await commitOne('p', 1n, [
        ...[1, 2, 3, 4].map((n): RowChange => ({
          table: 'logs',
          upsert: { thread_id: 'a', event_number: n, log_id: `l${n}`, level: 'info', message: 'long text', created_at: `t${n}` },
        })),
      ]);
      const upTo = { column: 'event_number', value: 3 };
      expect(await store.query('logs', { thread_id: 'a' }, { orderBy: 'event_number', upTo, columns: ['log_id'] })).toEqual(
        ['l1', 'l2', 'l3'].map((log_id) => ({ log_id })),
      );
      const between = { orderBy: 'event_number', after: { column: 'event_number', value: 1 }, upTo, columns: ['event_number', 'log_id'] };
      expect(await store.query('logs', { thread_id: 'a' }, between)).toEqual([
        { event_number: 2, log_id: 'l2' },
        { event_number: 3, log_id: 'l3' },
      ]);
      await expect(store.query('logs', {}, { columns: ['nope'] })).rejects.toThrow(/unknown column 'nope'/);
      await expect(store.query('logs', {}, { upTo: { column: 'nope', value: 1 } })).rejects.toThrow(/unknown column 'nope'/);
    });

    it('counts a thread’s own messages in an event-number range, skipping deleted ones', async () => {
      await commitOne('p', 1n, [
        ...thread('a'),
        ...thread('b'),
        ...[1, 3, 5, 7].map((n) => message('a', n, n % 4 === 1 ? 'user' : 'assistant')),
      ]);
      await commitOne('p', 2n, [message('b', 2, 'user'), { table: 'messages', delete: { thread_id: 'a', message_id: 'a-3' } }]);
      expect(await store.countMessages('a', -1, 100)).toBe(3);
      expect(await store.countMessages('a', 1, 5)).toBe(1);
      expect(await store.countMessages('a', 1, 7)).toBe(2);
      expect(await store.countMessages('a', 7, 100)).toBe(0);
      expect(await store.countMessages('b', -1, 100)).toBe(1);
      expect(await store.countMessages('nobody', -1, 100)).toBe(0);
      await commitOne('p', 3n, [{ table: 'messages', delete: { thread_id: 'a' } }]);
      expect(await store.countMessages('a', -1, 100)).toBe(0);
    });

    it("adds up an owner's thread sizes: 0 for none, deleted threads left out, bytes moved by every kind of change", async () => {
      const size = (thread_id: string, owner_id: string, bytes: number): RowChange => ({
        table: 'thread_sizes' as const,
        upsert: { thread_id, owner_id, bytes },
      });
      const grow = (thread_id: string, bytes: number): RowChange => ({
        table: 'thread_sizes',
        upsert: { thread_id },
        increment: { bytes },
      });
      const totals = () => Promise.all(['u', 'v', 'nobody'].map((owner) => store.storedBytesOf(owner)));
      await commitOne('p', 1n, [size('a', 'u', 100), size('b', 'u', 20), size('c', 'v', 7)]);
      expect(await totals()).toEqual([120, 7, 0]);
      // A turn grows its thread; a deleted thread's tombstone counts nothing.
      await commitOne('p', 2n, [grow('a', 5), { table: 'thread_sizes', delete: { thread_id: 'b' } }]);
      expect(await totals()).toEqual([105, 7, 0]);
      // Changes at or behind a row's position (a batch applied again) move nothing.
      await commitOne('q', 2n, [grow('a', 5), size('b', 'u', 20)]);
      expect(await totals()).toEqual([105, 7, 0]);
      // A thread changing hands moves its bytes; bytes counted before the owner is known join its total then.
      await commitOne('p', 3n, [{ table: 'thread_sizes', upsert: { thread_id: 'c', owner_id: 'u' } }, grow('d', 9)]);
      expect(await totals()).toEqual([112, 0, 0]);
      await commitOne('p', 4n, [{ table: 'thread_sizes', upsert: { thread_id: 'd', owner_id: 'v' } }, size('b', 'u', 1)]);
      expect(await totals()).toEqual([113, 9, 0]);
      await commitOne('p', 5n, [
        { table: 'thread_sizes', delete: { thread_id: 'a' } },
        { table: 'thread_sizes', delete: { thread_id: 'd' } },
      ]);
      expect(await totals()).toEqual([8, 0, 0]);
    });

    it('rejects conditions on unknown columns, and values other than a string, a number or null (no query operators)', async () => {
      await commitOne('p', 1n, thread('a'));
      await expect(store.query('logs', { nope: 1 } as object)).rejects.toThrow(/unknown column 'nope'/);
      await expect(store.query('logs', {}, { orderBy: 'nope' })).rejects.toThrow(/unknown column 'nope'/);
      const notAValue = /column 'thread_id' of read model 'threads' compared with a value that is not a string, a number or null/;
      for (const value of [{ $ne: null }, { $gt: '' }, ['a'], true, undefined])
        await expect(store.query('threads', { thread_id: value } as object)).rejects.toThrow(notAValue);
      await expect(store.query('threads', {}, { after: { column: 'thread_id', value: { $gt: '' } as never } })).rejects.toThrow(notAValue);
      await expect(store.removeRows('threads', { thread_id: { $ne: null } } as object)).rejects.toThrow(notAValue);
      expect((await store.query('threads', { thread_id: 'a' })).map((t) => t.thread_id)).toEqual(['a']);
    });

    it('records the event store it follows and refuses another', async () => {
      await store.follow('event-store-1');
      await store.follow('event-store-1');
      const other = store.follow('event-store-2');
      await expect(other).rejects.toBeInstanceOf(FollowsAnotherEventStore);
      await expect(other).rejects.toMatchObject({ recorded: 'event-store-1', given: 'event-store-2' });
    });

    it('keeps a thread in the agent inbox when a newer event put it back', async () => {
      await commitOne('agent', 1n, [{ table: 'agent_inbox', upsert: { thread_id: 'a', event_number: 3 } }]);
      await commitOne('agent', 2n, [{ table: 'agent_inbox', upsert: { thread_id: 'b', event_number: 1 } }]);
      await store.clearAgentInbox('a', 2);
      expect(await store.agentInbox()).toEqual([
        { thread_id: 'a', event_number: 3 },
        { thread_id: 'b', event_number: 1 },
      ]);
      await store.clearAgentInbox('a', 3);
      expect(await store.agentInbox()).toEqual([{ thread_id: 'b', event_number: 1 }]);
    });

    it('returns rows typed as the schema says: INTEGER columns as numbers, unset ones as null', async () => {
      await commitOne('p', 1n, [
        {
          table: 'documents',
          upsert: {
            thread_id: 'a',
            message_id: 'm',
            document_id: 'd',
            name: 'n',
            size: 3,
            has_content: 0,
            event_number: 2,
            created_at: 't',
          },
        },
      ]);
      expect(await store.query('documents', { document_id: 'd' })).toEqual([
        {
          thread_id: 'a',
          message_id: 'm',
          document_id: 'd',
          name: 'n',
          mime_type: null,
          url: null,
          size: 3,
          has_content: 0,
          event_number: 2,
          created_at: 't',
        },
      ]);
    });
  });
  describeReplayContract(name, open);
}
