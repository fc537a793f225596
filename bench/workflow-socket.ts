import WebSocket from 'ws';
import { runIdFor } from '@forkline/domain';
import { conversationThreadId } from '../apps/api/src/workflow-chat/conversation-thread';
import { newDataDir, post, startApp, summary } from './bench-support';

const KEY = 'bench-key-9c4e1a7f3d0b5e2c8a6f1d3b7e9c0a52';
const TURNS = 40;
const CROWD = 200;
const CROWD_TURNS = 5;

type Message = { type: string; execution_id?: string; timestamp?: string };

/**
 * The workflow chat WebSocket (/ws/), offline model at zero token delay: send -> execution_completed on a subscribed socket;
 * then 200 sockets on one workflow: server memory per socket (RSS delta / 200; clients run in this process too) and fan-out
 * latency (an event's durable time -> its arrival at each socket).
 */
export async function workflowSocket(): Promise<void> {
  const { app, url } = await startApp(newDataDir(), { OFFLINE_TOKEN_DELAY_MS: '0', WS_SOCKETS_PER_USER: String(CROWD + 10) });
  const sockets: WebSocket[] = [];
  try {
    const agent = await post(`${url}/agents`, { slug: 'bench-bot', name: 'Bench bot' });
    const thread_id = conversationThreadId('bench', agent.agent_id);
    await post(`${url}/commands/create-thread`, { thread_id, agent_id: agent.agent_id });
    const send = async (content: string) =>
      runIdFor(thread_id, (await post(`${url}/commands/send-message`, { thread_id, content })).event_id);

    const completedAt = new Map<string, number>();
    const one = await connect(url, (m) => m.type === 'execution_completed' && completedAt.set(m.execution_id!, performance.now()));
    sockets.push(one);
    const samples: number[] = [];
    for (let i = 0; i < TURNS; i++) {
      const start = performance.now();
      const id = await send(`turn ${i}`);
      while (!completedAt.has(id)) await new Promise((r) => setTimeout(r, 1));
      samples.push(completedAt.get(id)! - start);
    }
    console.log(summary(`send -> execution_completed on the socket (offline model, OFFLINE_TOKEN_DELAY_MS=0, ${TURNS} turns)`, samples));

    global.gc?.();
    const before = process.memoryUsage().rss;
    const fanout: number[] = [];
    let completions = 0;
    const crowd = await Promise.all(
      Array.from({ length: CROWD }, () =>
        connect(url, (m) => {
          if (m.timestamp && m.execution_id) fanout.push(Date.now() - Date.parse(m.timestamp));
          if (m.type === 'execution_completed') completions++;
        }),
      ),
    );
    sockets.push(...crowd);
    global.gc?.();
    const perSocket = (process.memoryUsage().rss - before) / CROWD;
    console.log(
      `${CROWD} sockets on one workflow: RSS +${(perSocket / 1024).toFixed(1)} KiB per socket (server and client in one process)`,
    );
    for (let turn = 1; turn <= CROWD_TURNS; turn++) {
      await send(`crowd turn ${turn}`);
      while (completions < turn * CROWD) await new Promise((r) => setTimeout(r, 2));
    }
    console.log(summary(`event -> each of ${CROWD} sockets (fan-out, ${CROWD_TURNS} turns, ms clock)`, fanout));
  } finally {
    sockets.forEach((s) => s.terminate());
    await app.close();
  }
}

/** A socket subscribed to workflow:bench-bot, handing each message to `onMessage`; resolves once subscribed. */
function connect(url: string, onMessage: (m: Message) => unknown): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/?token=${KEY}`);
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: 'workflow:bench-bot' })));
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Message;
      if (m.type === 'subscribed') resolve(ws);
      else if (m.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      else onMessage(m);
    });
  });
}
