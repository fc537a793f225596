import { AsyncLocalStorage } from 'async_hooks';
import { BaseMessage, HumanMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import { messagesStateReducer } from '@langchain/langgraph';
import { copyCheckpoint, uuid6 } from '@langchain/langgraph-checkpoint';
import { checkpointStreamId } from '@forkline/domain';
import { ThreadLineage } from '@forkline/event-store';
import { EventSourcedCheckpointSaver } from '../checkpointer/event-sourced-checkpoint-saver';
import { OfflineChatModel } from '../models/offline-chat-model';
import { STOPPED_BY_USER } from '../run-executor';
import { executorOnMemoryStores } from '../run-executor.fixture';
import { markStateOnly } from '../state-only-messages';

/** The offline model; the calls listed in `failing` break after their first token; `stopping` is stopped after two. */
class FlakyModel extends OfflineChatModel {
  calls = 0;
  readonly failing = new Set<number>();
  stopping?: () => Promise<void>;

  async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    const fails = this.failing.has(++this.calls);
    let tokens = 0;
    for await (const chunk of super._streamResponseChunks(messages, options)) {
      yield chunk;
      if (fails) throw new Error(`call ${this.calls} broke`);
      if (++tokens === 2) await this.stopping?.();
    }
  }
}

const ctx = { actor: 'u', correlationId: 'c', causationId: null };

/** One store with its executor: chat runs through pregel, or through the lean reply. */
function world(pregelReplies: boolean) {
  const model = new FlakyModel();
  const { events, reads, repository, forker, runner, checkpointer, executor, exec } = executorOnMemoryStores(model, { pregelReplies });
  let sent = 0;
  const ask = (threadId: string, content: string) => exec({ type: 'SendMessage', threadId, userId: 'u', messageId: `m${++sent}`, content });
  const answer = async (threadId: string, stop = new AbortController()) => {
    for (const message of (await repository.load(threadId)).state.unanswered) await executor.answer(threadId, message, stop.signal);
  };
  /** LangGraph's updateState as the LangGraph face does it (state-update.service): a checkpoint of source 'update'. */
  const updateState = async (threadId: string, messages: BaseMessage[]) => {
    const parent = (await checkpointer.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: '' } }))!;
    const checkpoint = copyCheckpoint(parent.checkpoint);
    checkpoint.id = uuid6(-1);
    checkpoint.ts = new Date().toISOString();
    checkpoint.channel_values.messages = messagesStateReducer(checkpoint.channel_values.messages as BaseMessage[], messages);
    const version = checkpointer.getNextVersion(checkpoint.channel_versions.messages as number);
    checkpoint.channel_versions.messages = version;
    const metadata = { source: 'update' as const, step: (parent.metadata?.step ?? -1) + 1, parents: {}, writes: { respond: {} } };
    await checkpointer.put(parent.config, checkpoint, metadata, { messages: version });
  };
  /** What a thread's checkpoint stream holds, and what a fresh saver reads back from it: tuples, links, stored events. */
  const stored = async (threadId: string) => {
    const fresh = new EventSourcedCheckpointSaver(events, 'agent', 100, new ThreadLineage(events));
    const tuples: unknown[] = [];
    for await (const tuple of fresh.list({ configurable: { thread_id: threadId } })) tuples.push(tuple);
    const log = (await events.readStream(checkpointStreamId(threadId))).map(({ type, data }) => ({ type, data }));
    return { tuples, links: await fresh.checkpointLinks(threadId), log };
  };
  return { exec, ask, answer, updateState, stored, forker, runner, events, reads, repository, model };
}

/**
 * The stored form without what differs between any two runs: checkpoint and thread ids (uuids, numbered by first
 * appearance), timestamps, and the random part of channel versions (numbered too: versions equal in one are equal in
 * the other).
 */
function comparable(value: unknown): string {
  const labels = new Map<string, string>();
  const label = (kind: string, key: string) => labels.get(key) ?? (labels.set(key, `${kind}${labels.size}`), labels.get(key)!);
  return JSON.stringify(value, null, 1)
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'ts')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => label('id', id))
    .replace(/(\d{10})\.\d{6}/g, (version, n) => `${n}.${label('v', version)}`);
}

describe('the lean reply stores what pregel stores', () => {
  const worlds = [world(true), world(false)];
  beforeAll(() => worlds.forEach((w) => w.runner.start()));
  afterAll(async () => {
    for (const w of worlds) {
      await w.runner.stop();
      await w.events.close();
      await w.reads.close();
    }
  });

  /** How often the lean world entered an AsyncLocalStorage (LangChain's runnable context: pregel does for every node). */
  let leanContexts = 0;
  /** Runs the same steps in both worlds, pregel's first; returns what the steps gave (per world). */
  const both = async <T>(steps: (w: ReturnType<typeof world>) => Promise<T>): Promise<T[]> => {
    const pregel = await steps(worlds[0]);
    const entered = [jest.spyOn(AsyncLocalStorage.prototype, 'run'), jest.spyOn(AsyncLocalStorage.prototype, 'enterWith')];
    try {
      const lean = await steps(worlds[1]);
      leanContexts += entered.reduce((n, spy) => n + spy.mock.calls.length, 0);
      return [pregel, lean];
    } finally {
      entered.forEach((spy) => spy.mockRestore());
    }
  };
  const expectSameStore = async (threadIds: string[]) => {
    const [pregel, lean] = await Promise.all(worlds.map((w, i) => w.stored(threadIds[i])));
    expect(pregel.tuples.length).toBeGreaterThan(0);
    expect(comparable(lean)).toEqual(comparable(pregel));
  };

  it("a thread's first run, a later one, a fork's first run, and runs after state updates", async () => {
    await both(async (w) => {
      await w.exec({ type: 'CreateThread', threadId: 't', ownerId: 'u' });
      await w.ask('t', 'q1');
      await w.answer('t');
    });
    await expectSameStore(['t', 't']);
    await both(async (w) => {
      await w.ask('t', 'q2');
      await w.answer('t');
    });
    await expectSameStore(['t', 't']);

    const forks = await both(async (w) => {
      const head = (await w.repository.load('t')).state.head;
      const fork = await w.forker.fork('t', head, ctx);
      await w.runner.waitFor(fork.position!, 5000);
      await w.ask(fork.newThreadId, 'q3 in the fork');
      await w.answer(fork.newThreadId);
      return fork.newThreadId;
    });
    await expectSameStore(forks);

    // A client writes messages into the state by hand (marked: no message of the log); the next run keeps them.
    await both(async (w) => {
      await w.updateState('t', [markStateOnly(new HumanMessage({ content: 'set by hand', id: 'by-hand' }))]);
      await w.ask('t', 'q4');
      await w.answer('t');
    });
    await expectSameStore(['t', 't']);

    // The state already holds the message being answered: the run's input adds no messages.
    await both(async (w) => {
      const { state } = await w.ask('t', 'q5');
      const question = state.unanswered[0];
      await w.updateState('t', [new HumanMessage({ content: 'q5', id: question.messageId })]);
      await w.answer('t');
    });
    await expectSameStore(['t', 't']);
    expect(leanContexts).toBe(0);
  });

  it('a failed attempt and its retry', async () => {
    await both(async (w) => {
      await w.exec({ type: 'CreateThread', threadId: 'f', ownerId: 'u' });
      await w.ask('f', 'q1');
      await w.answer('f');
      w.model.failing.add(w.model.calls + 1);
      await w.ask('f', 'q2');
      await w.answer('f');
    });
    const [pregel] = await Promise.all(worlds.map((w) => w.stored('f')));
    expect(pregel.log.map((e) => e.type)).toEqual(['CheckpointSaved', 'CheckpointWritesSaved', 'CheckpointSaved', 'CheckpointSaved']);
    await expectSameStore(['f', 'f']);
    // The retry starts at the failed attempt's checkpoint (respond still due, its error pending): the lean reply leaves
    // that start to pregel.
    expect(leanContexts).toBeGreaterThan(0);
    expect(worlds[1].model.calls).toBe(worlds[0].model.calls);
  });

  it('a stopped run, and the next', async () => {
    const logs = await both(async (w) => {
      await w.exec({ type: 'CreateThread', threadId: 's', ownerId: 'u' });
      await w.ask('s', 'q1');
      await w.answer('s');
      await w.ask('s', 'q2');
      const stop = new AbortController();
      w.model.stopping = async () => {
        await w.exec({ type: 'StopRun', threadId: 's', userId: 'u' });
        stop.abort(STOPPED_BY_USER);
      };
      await w.answer('s', stop);
      w.model.stopping = undefined;
      const stopped = (await w.repository.load('s')).state;
      await w.ask('s', 'q3');
      await w.answer('s');
      return stopped.unanswered.length;
    });
    expect(logs).toEqual([0, 0]); // the stopped run kept its partial answer
    await expectSameStore(['s', 's']);
  });
});
