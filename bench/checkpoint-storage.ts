import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { MemorySaver } from '@langchain/langgraph-checkpoint';
import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { join } from 'path';
import { EventSourcedCheckpointSaver } from '@forkline/agent';
import { checkpointStreamId } from '@forkline/domain';
import { SqliteEventStore } from '@forkline/event-store';
import { newDataDir } from './bench-support';

// A typical chat turn: a short question (~180 characters) and a longer answer (~1,300 characters).
const USER = 'Could you look at the numbers for this quarter and tell me what changed since last time? '.repeat(2);
const ASSISTANT = 'Revenue rose by eight percent, mostly from the new plan; churn fell slightly and support load stayed flat. '.repeat(12);

/** A classic chat graph: messages with LangGraph's add_messages reducer, one node answering. */
function chatGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(MessagesAnnotation)
    .addNode('respond', async (state) => ({ messages: [new AIMessage(`${ASSISTANT} (turn ${state.messages.length / 2 + 0.5})`)] }))
    .addEdge(START, 'respond')
    .addEdge('respond', END)
    .compile({ checkpointer });
}

async function runTurns(checkpointer: BaseCheckpointSaver, threadId: string, from: number, to: number): Promise<void> {
  const graph = chatGraph(checkpointer);
  for (let turn = from; turn < to; turn++)
    await graph.invoke({ messages: [new HumanMessage(`${USER} (turn ${turn})`)] }, { configurable: { thread_id: threadId } });
}

async function rawMessageBytes(saver: BaseCheckpointSaver, threadId: string): Promise<number> {
  const tuple = await saver.getTuple({ configurable: { thread_id: threadId } });
  let bytes = 0;
  for (const m of tuple!.checkpoint.channel_values.messages as unknown[]) bytes += (await saver.serde.dumpsTyped(m))[1].length;
  return bytes;
}

function memorySaverBytes(saver: MemorySaver): number {
  let bytes = 0;
  for (const namespaces of Object.values(saver.storage)) {
    for (const checkpoints of Object.values(namespaces))
      for (const [checkpoint, metadata] of Object.values(checkpoints)) bytes += checkpoint.length + metadata.length;
  }
  for (const writes of Object.values(saver.writes)) for (const [, , value] of Object.values(writes)) bytes += value.length;
  return bytes;
}

async function streamBytes(store: SqliteEventStore, threadId: string): Promise<number> {
  const events = await store.readStream(checkpointStreamId(threadId));
  return events.reduce((sum, e) => sum + JSON.stringify(e.data).length + JSON.stringify(e.metadata).length, 0);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** Stored checkpoint bytes vs raw message bytes vs MemorySaver, and getTuple latency, as a conversation grows. */
export async function checkpointStorage(): Promise<void> {
  const store = new SqliteEventStore(join(newDataDir(), 'events.db'));
  const ours = new EventSourcedCheckpointSaver(store);
  let done = 0;
  for (const turns of [100, 1000, 5000]) {
    const started = performance.now();
    await runTurns(ours, 'bench', done, turns);
    const seconds = (performance.now() - started) / 1000;
    done = turns;
    const raw = await rawMessageBytes(ours, 'bench');
    const stored = await streamBytes(store, 'bench');
    let memory = 'not run (quadratic: about 22 GB at 5,000 turns)';
    if (turns <= 1000) {
      const saver = new MemorySaver();
      await runTurns(saver, 'bench', 0, turns);
      const bytes = memorySaverBytes(saver);
      memory = `${mb(bytes)} (${(bytes / raw).toFixed(1)}x raw)`;
    }
    const overhead = (stored - raw) / turns;
    console.log(
      `checkpoints after ${turns} turns: ours ${mb(stored)} = ${(stored / raw).toFixed(2)}x raw messages (${mb(raw)}; ${overhead.toFixed(0)} B bookkeeping a turn); MemorySaver ${memory}; these turns took ${seconds.toFixed(1)} s`,
    );

    const warm: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await ours.getTuple({ configurable: { thread_id: 'bench' } });
      warm.push(performance.now() - t0);
    }
    const cold = new EventSourcedCheckpointSaver(store);
    const t0 = performance.now();
    await cold.getTuple({ configurable: { thread_id: 'bench' } });
    const coldMs = performance.now() - t0;
    warm.sort((a, b) => a - b);
    console.log(
      `  getTuple at ${turns} turns: warm p50 ${warm[10].toFixed(2)} ms; cold (new saver, reads the stream) ${coldMs.toFixed(0)} ms`,
    );
  }
  await store.close();
}
