import { newDataDir, post, startApp, summary, timed } from './bench-support';

const say = (content: string) => ({ assistant_id: 'assistant', input: { messages: [{ type: 'human', content }] } });

/**
 * Issue 16: `/history` pages stay flat along the thread. Threads of 10 and 5,000 turns answered by real runs (the offline
 * model, no token delay) through /langgraph, so each turn stores its checkpoint as clients' runs do; then POST history
 * (limit 10): the newest page of each, and the page before the 10th turn's checkpoint, near the root of the long one,
 * which holds about what the short thread's newest page holds.
 */
export async function historyPages(): Promise<void> {
  const { app, url } = await startApp(newDataDir(), { OFFLINE_TOKEN_DELAY_MS: '0' });
  try {
    const lg = `${url}/langgraph/threads`;
    const seedStart = performance.now();
    const nearRoot: Record<string, string> = {};
    for (const [threadId, turns] of [
      ['turns-10', 10],
      ['turns-5000', 5000],
    ] as const) {
      await post(lg, { thread_id: threadId });
      for (let i = 1; i <= turns; i++) {
        await post(`${lg}/${threadId}/runs/wait`, say(`question ${i}`));
        if (i === 10) nearRoot[threadId] = (await post(`${lg}/${threadId}/history`, { limit: 1 }))[0].checkpoint.checkpoint_id;
      }
    }
    console.log(`seeded threads of 10 and 5,000 turns through /langgraph runs/wait in ${(performance.now() - seedStart).toFixed(0)} ms`);
    // The newest page of the long thread holds 10 states of ~10,000 messages each (tens of MB): fewer calls there.
    const rows: Array<[string, string, Record<string, unknown>, number]> = [
      ['newest page, 10-turn thread', 'turns-10', { limit: 10 }, 50],
      [
        'page before the 10th turn, 5,000-turn thread',
        'turns-5000',
        { limit: 10, before: { configurable: { checkpoint_id: nearRoot['turns-5000'] } } },
        50,
      ],
      ['newest page, 5,000-turn thread', 'turns-5000', { limit: 10 }, 5],
    ];
    for (const [label, threadId, body, n] of rows) {
      let page: unknown[] = [];
      const samples: number[] = [];
      for (let i = 0; i < n; i++) samples.push(await timed(async () => (page = await post(`${lg}/${threadId}/history`, body))));
      const held = `${page.length} states, ${(Buffer.byteLength(JSON.stringify(page)) / 1024).toFixed(0)} KB`;
      console.log(summary(`POST /langgraph history (limit 10), ${label} (${held}; a page costs what it holds)`, samples));
    }
  } finally {
    await app.close();
  }
}
