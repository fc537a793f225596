import Database from 'better-sqlite3';
import { join } from 'path';
import { get, newDataDir, post, startApp } from './bench-support';

const TURNS = 1000;
const REPORTED = [10, 100, 1000];

/** What one turn stored: its checkpoint events' bytes and its two messages' content bytes. */
interface TurnBytes {
  checkpoint: number;
  messages: number;
}

/**
 * Checkpoint bytes a turn adds along a 1,000-turn echo conversation through the HTTP API (offline model, no token delay),
 * beside the bytes of the turn's own messages: flat when the graph state is the conversation, growing with the context
 * window when each run re-stores it.
 */
export async function checkpointGrowth(): Promise<void> {
  const dataDir = newDataDir();
  const { app, url } = await startApp(dataDir, { OFFLINE_TOKEN_DELAY_MS: '0' });
  const events = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    const { thread_id: threadId } = await post(`${url}/commands/create-thread`, {});
    const checkpointBytes = events
      .prepare('SELECT COALESCE(SUM(length(data) + length(metadata)), 0) FROM events WHERE stream_id = ?')
      .pluck()
      .bind(`checkpoints-${threadId}`);
    const checkpointedAt = events
      .prepare("SELECT MAX(json_extract(data, '$.threadEventNumber')) FROM events WHERE stream_id = ? AND type = 'CheckpointSaved'")
      .pluck()
      .bind(`checkpoints-${threadId}`);
    const turns: TurnBytes[] = [];
    const started = performance.now();
    let before = 0;
    let seen = 0;
    for (let turn = 1; turn <= TURNS; turn++) {
      await post(`${url}/commands/send-message`, { thread_id: threadId, content: `turn ${turn}: what changed this quarter?` });
      let messages: Array<{ content: string; event_number: number; role: string }> = [];
      while (
        !(messages = await get(`${url}/threads/${threadId}/messages?after=${seen}`)).some((m: { role: string }) => m.role === 'assistant')
      )
        await new Promise((r) => setTimeout(r, 1));
      // The run checkpoints after it recorded its reply: the turn is over once a checkpoint reaches the reply.
      const reply = (seen = Math.max(...messages.map((m) => m.event_number)));
      while (((checkpointedAt.get() as number | null) ?? -1) < reply) await new Promise((r) => setTimeout(r, 1));
      const after = checkpointBytes.get() as number;
      turns.push({ checkpoint: after - before, messages: messages.reduce((sum, m) => sum + Buffer.byteLength(m.content), 0) });
      before = after;
    }
    const seconds = (performance.now() - started) / 1000;
    for (const turn of REPORTED) {
      const { checkpoint, messages } = turns[turn - 1];
      console.log(
        `checkpoint growth: turn ${turn} added ${checkpoint} B of checkpoint events for ${messages} B of messages ` +
          `(${(checkpoint / messages).toFixed(1)}x; ${checkpoint - messages} B beyond them)`,
      );
    }
    const total = checkpointBytes.get() as number;
    console.log(
      `checkpoint growth: ${TURNS} turns stored ${(total / 1024 / 1024).toFixed(2)} MB of checkpoints in ${seconds.toFixed(0)} s`,
    );
  } finally {
    events.close();
    await app.close();
  }
}
