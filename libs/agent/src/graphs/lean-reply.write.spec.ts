import { BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import { CheckpointSaved, checkpointStreamId, threadStreamId } from '@forkline/domain';
import { StreamAppend, ThreadLineage } from '@forkline/event-store';
import { delegatingTo } from '@forkline/event-store/delegating-event-store';
import { EventSourcedCheckpointSaver } from '../checkpointer/event-sourced-checkpoint-saver';
import { RunLeases } from '../leases/run-leases';
import { OfflineChatModel } from '../models/offline-chat-model';
import { RunExecutor } from '../run-executor';
import { executorOnMemoryStores } from '../run-executor.fixture';

/** The offline model; `during` runs once its first token is out (the answer is still being written). */
class HookedModel extends OfflineChatModel {
  during?: () => Promise<void>;

  async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    let first = true;
    for await (const chunk of super._streamResponseChunks(messages, options)) {
      yield chunk;
      if (first) await this.during?.();
      first = false;
    }
  }
}

/** A chat turn's writes, each as the streams it appends to (thread, checkpoints) and their event types. */
function world(options: { oneStreamCheckpointer?: boolean } = {}) {
  const model = new HookedModel();
  const fixture = executorOnMemoryStores(model);
  const { events, repository, reads, lineage } = fixture;
  const writes: string[][] = [];
  const failNext = { reply: false };
  const appendNow = events.appendAtomically.bind(events);
  jest.spyOn(events, 'appendAtomically').mockImplementation(async (appends: StreamAppend[]) => {
    const types = appends.flatMap((a) => a.events.map((e) => `${a.streamId.split('-')[0]}:${e.type}`));
    if (failNext.reply && types.includes('thread:AssistantMessageAdded')) {
      failNext.reply = false;
      throw new Error('disk full');
    }
    writes.push(types);
    return appendNow(appends);
  });
  // As on EventStoreDB: the checkpointer's store appends to one stream at a time.
  const checkpointer = options.oneStreamCheckpointer
    ? new EventSourcedCheckpointSaver(delegatingTo(events), 'agent', 100, new ThreadLineage(events))
    : fixture.checkpointer;
  const executor = new RunExecutor({
    repository,
    readStore: reads,
    history: fixture.history,
    model,
    checkpointer,
    log: () => undefined,
    leases: new RunLeases(events, undefined, () => undefined),
  });
  const turn = async (threadId: string, content: string) => {
    if (!(await repository.load(threadId)).state.exists) await fixture.exec({ type: 'CreateThread', threadId, ownerId: 'u' });
    await fixture.exec({ type: 'SendMessage', threadId, userId: 'u', messageId: `${threadId}-${content}`, content });
    const [message] = (await repository.load(threadId)).state.unanswered;
    writes.length = 0;
    await executor.answer(threadId, message, new AbortController().signal);
    return message;
  };
  const log = async (threadId: string) => ({
    thread: await events.readStream(threadStreamId(threadId)),
    checkpoints: (await events.readStream(checkpointStreamId(threadId)))
      .filter((e) => e.type === 'CheckpointSaved')
      .map((e) => (e as unknown as CheckpointSaved).data),
  });
  return { ...fixture, model, writes, failNext, turn, log, lineage };
}

describe('the lean reply writes its checkpoint with the reply', () => {
  const worlds: Array<ReturnType<typeof world>> = [];
  const make = (options?: Parameters<typeof world>[0]) => {
    const w = world(options);
    worlds.push(w);
    w.runner.start();
    return w;
  };
  afterAll(async () => {
    for (const w of worlds) {
      await w.runner.stop();
      await w.events.close();
      await w.reads.close();
    }
  });

  it("appends the reply's events and the run's checkpoint in one write, the checkpoint at the reply", async () => {
    const w = make();
    const asked: number[] = [];
    for (const question of ['q1', 'q2']) {
      asked.push((await w.turn('t', question)).eventNumber);
      expect(w.writes).toEqual([
        ['thread:RunStarted'],
        ['thread:AssistantMessageAdded', 'thread:StatRecorded', 'thread:RunCompleted', 'checkpoints:CheckpointSaved'],
      ]);
    }
    const { thread, checkpoints } = await w.log('t');
    const replies = thread.filter((e) => e.type === 'AssistantMessageAdded').map((e) => (e.data as { eventNumber: number }).eventNumber);
    expect(checkpoints.map((c) => c.threadEventNumber)).toEqual(replies);
    // The second checkpoint stores the turn's messages as the numbers of their events, the reply's included.
    expect(checkpoints[1].blobs.messages.value).toEqual({
      extends: expect.anything(),
      append: ['messageRefs', [asked[1], replies[1]]],
    });
  });

  it('stores neither when that write fails; the retry answers, with its checkpoint', async () => {
    const w = make();
    w.failNext.reply = true;
    const message = await w.turn('f', 'q1');
    const { thread, checkpoints } = await w.log('f');
    const replies = thread.filter((e) => e.type === 'AssistantMessageAdded');
    expect(replies.map((e) => (e.data as { content: string }).content)).toEqual([expect.stringContaining('q1')]);
    // The failed attempt's checkpoint is at the question (its record step still due); the retry's at the reply.
    expect(checkpoints.map((c) => c.threadEventNumber)).toEqual([
      message.eventNumber,
      (replies[0].data as { eventNumber: number }).eventNumber,
    ]);
  });

  it("refused its reply (the thread names another worker's attempt), stores no checkpoint of it", async () => {
    const w = make();
    w.model.during = async () => {
      w.model.during = undefined;
      const { activeRun } = (await w.repository.load('l')).state;
      await w.exec({ type: 'ResumeRun', threadId: 'l', runId: activeRun!.runId, attempt: 2, workerId: 'another' });
    };
    const message = await w.turn('l', 'q1');
    const { thread, checkpoints } = await w.log('l');
    expect(thread.filter((e) => e.type === 'AssistantMessageAdded')).toEqual([]);
    expect(checkpoints.map((c) => c.threadEventNumber)).toEqual([message.eventNumber]);
  });

  it('stopped just as it finished: the whole answer, kept as the partial reply, goes with the checkpoint', async () => {
    const w = make();
    w.model.during = async () => {
      w.model.during = undefined;
      await w.exec({ type: 'StopRun', threadId: 's', userId: 'u' });
    };
    await w.turn('s', 'q1');
    expect(w.writes[w.writes.length - 1]).toEqual(['thread:AssistantMessageAdded', 'thread:StatRecorded', 'checkpoints:CheckpointSaved']);
    const { thread, checkpoints } = await w.log('s');
    const reply = thread.find((e) => e.type === 'AssistantMessageAdded')!.data as { eventNumber: number; stopped?: boolean };
    expect(reply.stopped).toBe(true);
    expect(checkpoints.map((c) => c.threadEventNumber)).toEqual([reply.eventNumber]);
  });

  it('on a store that appends to one stream at a time, puts the checkpoint after the reply, the same', async () => {
    const [joint, apart] = [make(), make({ oneStreamCheckpointer: true })];
    for (const w of [joint, apart]) for (const question of ['q1', 'q2']) await w.turn('e', question);
    expect(apart.writes).toEqual([
      ['thread:RunStarted'],
      ['thread:AssistantMessageAdded', 'thread:StatRecorded', 'thread:RunCompleted'],
      ['checkpoints:CheckpointSaved'],
    ]);
    // Each checkpoint at its reply, its new messages stored alike (their events' numbers, not copies).
    const stored = async (w: ReturnType<typeof world>) =>
      (await w.log('e')).checkpoints.map((c) => [c.threadEventNumber, (c.blobs.messages.value as { append: unknown }).append]);
    expect(await stored(apart)).toEqual(await stored(joint));
  });
});
