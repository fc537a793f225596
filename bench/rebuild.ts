import { join } from 'path';
import {
  decide,
  evolve,
  initialThreadState,
  THREAD_SCHEMA_VERSION,
  ThreadCommand,
  ThreadEvent,
  ThreadState,
  threadStreamId,
} from '@forkline/domain';
import { NewEvent, SqliteEventStore } from '@forkline/event-store';
import { ALL_PROJECTORS, rebuildReadModels, SqliteReadStore } from '@forkline/read-models';
import { newDataDir } from './bench-support';

const TURNS_PER_THREAD = 20; // 1 + 20 x 5 = 101 events a thread

/** A realistic log: threads of full turns, made with the real decider, appended a thread at a time. */
async function seed(store: SqliteEventStore, events: number): Promise<number> {
  let written = 0;
  for (let t = 0; written < events; t++) {
    const threadId = `bench-${t}`;
    let state: ThreadState = initialThreadState();
    const batch: ThreadEvent[] = [];
    const run = (command: ThreadCommand) => {
      for (const e of decide(command, state)) {
        state = evolve(state, e);
        batch.push(e);
      }
    };
    run({ type: 'CreateThread', threadId, ownerId: 'bench' });
    for (let i = 0; i < TURNS_PER_THREAD; i++) {
      const m = `${threadId}-m${i}`;
      run({ type: 'SendMessage', threadId, userId: 'bench', messageId: m, content: `question ${i} about the quarterly numbers` });
      run({ type: 'StartRun', threadId, runId: `${m}-r`, replyTo: m });
      run({
        type: 'CompleteRun',
        threadId,
        runId: `${m}-r`,
        replyTo: m,
        messageId: `${m}-a`,
        content: `answer ${i}: revenue rose by eight percent`,
        stats: { statId: `${m}-s`, mode: 'chat', latencyMs: 120, inputTokens: 40, outputTokens: 60 },
      });
    }
    const metadata = {
      actor: 'bench',
      correlationId: threadId,
      causationId: null,
      occurredAt: new Date().toISOString(),
      schemaVersion: THREAD_SCHEMA_VERSION,
    };
    const envelopes: NewEvent[] = batch.map((e, i) => ({ eventId: `${threadId}-${i}`, type: e.type, data: e.data, metadata }));
    await store.append(threadStreamId(threadId), envelopes, 'no_stream');
    written += envelopes.length;
  }
  return written;
}

/** Rebuild speed (events/s) and peak memory, at two log lengths: memory must stay flat. */
export async function rebuild(): Promise<void> {
  for (const size of [100_000, 1_000_000]) {
    const dir = newDataDir();
    const store = new SqliteEventStore(join(dir, 'events.db'));
    const seedStart = performance.now();
    const events = await seed(store, size);
    const seeded = (performance.now() - seedStart) / 1000;
    const target = new SqliteReadStore(join(dir, 'rebuilt.db'));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await rebuildReadModels(store, target, ALL_PROJECTORS);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    console.log(
      `rebuild of ${events.toLocaleString()} events (all ${ALL_PROJECTORS.length} projections): ${seconds.toFixed(1)} s = ${Math.round(events / seconds).toLocaleString()} events/s, ${cpuSeconds.toFixed(1)} s of CPU (${Math.round((cpuSeconds * 1e6) / events)} µs an event); peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (seeding took ${seeded.toFixed(1)} s)`,
    );
    await target.close();
    await store.close();
  }
}
