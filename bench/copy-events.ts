import { join } from 'path';
import { Client } from '@langchain/langgraph-sdk';
import { SqliteEventStore } from '@forkline/event-store';

/**
 * Issue 16: a copy of a 1,000-turn thread writes O(1) events. Counts what each of 3 copies at 10 and at 1,000 turns
 * appends to the whole log (every stream), read from the server's DATA_DIR after the log's head before the copy.
 */
export async function copyEvents(name: string, client: Client, dataDir: string, byTurns: Record<number, string>): Promise<void> {
  const log = new SqliteEventStore(join(dataDir, 'events.db'));
  try {
    const counts: Record<number, string[]> = { 10: [], 1000: [] };
    for (const n of [10, 1000])
      for (let i = 0; i < 3; i++) {
        const before = await log.headPosition();
        await client.threads.copy(byTurns[n]);
        const appended = await log.readAll({ after: before });
        counts[n].push(`${appended.length} (${appended.map((e) => e.type).join(', ')})`);
      }
    console.log(`${name}: events appended per copy: at 10 turns ${counts[10].join('; ')}; at 1000 turns ${counts[1000].join('; ')}`);
  } finally {
    await log.close();
  }
}
