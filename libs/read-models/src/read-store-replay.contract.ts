import { defaultAgentId } from '@forkline/domain';
import { ProjectedEvent } from './projectors/projector';
import { ALL_PROJECTORS } from './projectors';
import { READ_MODEL_TABLES } from './read-model.schema';
import { ReadStore } from './read-store.port';
import { SAMPLE_CONVERSATION, timeAt } from './sample-conversation';

/**
 * Projections are idempotent by event, not only by checkpoint: a MongoDB store without transactions that
 * crashed after applying a batch (or part of it) but before moving its checkpoint applies it again. Here that
 * is simulated by committing the same changes under other subscriber names, whose checkpoints are behind.
 */
export function describeReplayContract(name: string, open: () => Promise<ReadStore>): void {
  describe(`ReadStore contract, replays: ${name}`, () => {
    const opened: ReadStore[] = [];
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(() => Promise.all(opened.splice(0).map((s) => s.close())));

    const events = SAMPLE_CONVERSATION;
    const split = 10;
    /** Every projector's changes for the events, committed as one batch (under names suffixed by `as`). */
    const project = (store: ReadStore, batch: ProjectedEvent[], as = '') =>
      store.commit(
        ALL_PROJECTORS.map((p) => ({
          subscriber: p.name + as,
          position: batch[batch.length - 1].position,
          changes: batch.flatMap((e) => p.project(e)),
        })),
      );
    const dumpAll = async (store: ReadStore) =>
      Object.fromEntries(await Promise.all(Object.keys(READ_MODEL_TABLES).map(async (t) => [t, await store.dump(t)])));
    const projectedOnce = async () => {
      const store = await fresh();
      await project(store, events.slice(0, split));
      await project(store, events.slice(split));
      return store;
    };

    it('projects the sample conversation: counters, partial upserts, deletes, a thread deleted and created again', async () => {
      const store = await projectedOnce();
      const rows = await dumpAll(store);
      expect(rows.workflows).toMatchObject([
        { thread_id: 'a', pending: 0, name: 'Renamed', tags: '["x"]', outcome: 'stopped', mode: 'react' },
        { thread_id: 'b', pending: 1 },
        { thread_id: 'c', pending: 1, outcome: null, mode: 'chat', updated_at: timeAt(26) },
        { thread_id: 'd', pending: 0, updated_at: timeAt(40) },
      ]);
      expect(rows.messages.map((m: { message_id: string }) => m.message_id)).toEqual(['m1', 'm3', 'm5', 'm6', 'm7']);
      expect(rows.history_clears).toEqual([{ thread_id: 'd', event_number: 3, actor: 'u1', created_at: timeAt(40) }]);
      expect(rows.threads).toEqual([
        {
          thread_id: 'a',
          owner_id: 'u1',
          parent_thread_id: null,
          from_event_number: null,
          created_at: timeAt(1),
          agent_id: defaultAgentId('u1'),
        },
        { thread_id: 'b', owner_id: 'u1', parent_thread_id: 'a', from_event_number: 8, created_at: timeAt(12), agent_id: 'g1' },
        {
          thread_id: 'c',
          owner_id: 'u2',
          parent_thread_id: null,
          from_event_number: null,
          created_at: timeAt(24),
          agent_id: defaultAgentId('u2'),
        },
        {
          thread_id: 'd',
          owner_id: 'u1',
          parent_thread_id: null,
          from_event_number: null,
          created_at: timeAt(37),
          agent_id: defaultAgentId('u1'),
        },
      ]);
      expect(rows.agents).toEqual([
        {
          agent_id: 'g1',
          owner_id: 'u1',
          slug: 'helper',
          name: 'Helper',
          description: '',
          mode: 'react',
          model: null,
          system_prompt: '',
          tools: null,
          opening_statement: '',
          suggested_questions: '[]',
          triggers: '[{"nodeId":"trigger_chat","type":"trigger_chat"}]',
          metadata: '{"team":"x"}',
          suggested_after_answer: 0,
          conversation_variables: '[]',
          // An agent from before site codes: none yet, and the web switch on.
          site_code: null,
          web_enabled: 1,
          version: 5,
          created_at: timeAt(27),
          updated_at: timeAt(28),
        },
      ]);
      expect(rows.app_keys).toEqual([
        { key_sha256: 'b'.repeat(64), key_id: 'key2', agent_id: 'g1', owner_id: 'u1', hint: 'k2k2', created_at: timeAt(32) },
      ]);
      expect(rows.heads).toEqual([
        { thread_id: 'a', event_number: 12, latest_ai_message_id: 'm2', latest_checkpoint_id: null },
        { thread_id: 'b', event_number: 9, latest_ai_message_id: null, latest_checkpoint_id: 'k2' },
        { thread_id: 'c', event_number: 2, latest_ai_message_id: 'm6', latest_checkpoint_id: null },
        { thread_id: 'd', event_number: 3, latest_ai_message_id: null, latest_checkpoint_id: null },
      ]);
      expect(rows.checkpoints).toEqual([{ checkpoint_id: 'k2', thread_id: 'b', event_number: 8, saved_at: timeAt(18) }]);
      expect([rows.documents, rows.logs.length, rows.stats.length]).toEqual([[], 1, 1]);
      expect(rows.agent_inbox).toEqual([
        { thread_id: 'a', event_number: 8 },
        { thread_id: 'b', event_number: 9 },
        { thread_id: 'c', event_number: 1 },
        { thread_id: 'd', event_number: 1 },
      ]);
      expect(rows.pending_deletions).toEqual([{ thread_id: 'c', event_number: 4, actor: 'u2' }]);
    });

    it('changes nothing when a batch, or batches overlapping it, are applied again', async () => {
      const store = await projectedOnce();
      const once = await dumpAll(store);
      for (const [from, to] of [
        [split, events.length],
        [0, events.length],
        [3, 16],
        [18, 24],
      ]) {
        await project(store, events.slice(from, to), `-again-${from}-${to}`);
        expect(await dumpAll(store)).toEqual(once);
      }
    });

    it('changes nothing when an older event is applied after newer ones, a ThreadCreated after its ThreadDeleted included', async () => {
      const store = await projectedOnce();
      const once = await dumpAll(store);
      for (const e of [...events].reverse()) await project(store, [e], `-late-${e.position}`);
      expect(await dumpAll(store)).toEqual(once);
    });

    it('ends as if applied once when a batch is applied again after a crash half-way through it', async () => {
      const once = await dumpAll(await projectedOnce());
      const second = events.slice(split);
      const changes = ALL_PROJECTORS.flatMap((p) => second.flatMap((e) => p.project(e)));
      for (let crashAfter = 1; crashAfter < changes.length; crashAfter += 1) {
        const store = await fresh();
        await project(store, events.slice(0, split));
        await store.commit([
          { subscriber: 'crashed', position: second[second.length - 1].position, changes: changes.slice(0, crashAfter) },
        ]);
        await project(store, second);
        expect({ crashAfter, rows: await dumpAll(store) }).toEqual({ crashAfter, rows: once });
        await store.close();
      }
    }, 120_000); // a fresh store per crash point: a MongoDB database each
  });
}
