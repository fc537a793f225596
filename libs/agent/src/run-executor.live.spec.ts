import { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import { RunMode, ThreadCommand, threadStreamId } from '@forkline/domain';
import { LiveRecord, liveAnswerOf, SqliteEventStore, SqliteLiveRecordStore, ThreadRepository } from '@forkline/event-store';
import { ALL_PROJECTORS, ProjectionRunner, SqliteReadStore, ThreadHistory } from '@forkline/read-models';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { RunLeases } from './leases/run-leases';
import { OfflineChatModel } from './models/offline-chat-model';
import { MAX_ATTEMPTS, RunExecutor, STOPPED_BY_USER } from './run-executor';

const chunk = (message: AIMessageChunk) => new ChatGenerationChunk({ text: message.text, message });

/** Calls the calculator once, saying so, then answers with what it got: a React run with a tool round that speaks. */
class CalculatingModel extends OfflineChatModel {
  async *_streamResponseChunks(messages: BaseMessage[]): AsyncGenerator<ChatGenerationChunk> {
    const result = messages.find((m) => m._getType() === 'tool');
    if (!result) {
      yield chunk(new AIMessageChunk({ content: 'Let me ' }));
      const call = { name: 'calculator', args: JSON.stringify({ expression: '6*7' }), id: 'call-1', index: 0 };
      yield chunk(new AIMessageChunk({ content: 'compute. ', tool_call_chunks: [call] }));
      return;
    }
    for (const token of ['The answer ', 'is ', result.text, '.']) yield chunk(new AIMessageChunk({ content: token }));
  }
}

/** Streams two tokens, then waits until its call is aborted; the attempts listed in `failing` throw instead of waiting. */
class HangingModel extends OfflineChatModel {
  streamed = 0;
  async *_streamResponseChunks(_: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    for (const token of ['partial ', 'answer']) {
      yield chunk(new AIMessageChunk({ content: token }));
      this.streamed++;
    }
    await new Promise((resolve) => options.signal?.addEventListener('abort', resolve, { once: true }));
    options.signal?.throwIfAborted();
  }
}

class BrokenModel extends OfflineChatModel {
  async *_streamResponseChunks(): AsyncGenerator<ChatGenerationChunk> {
    yield chunk(new AIMessageChunk({ content: 'half' }));
    throw new Error('provider down');
  }
}

describe('RunExecutor live records', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const events = new SqliteEventStore(':memory:');
  const reads = new SqliteReadStore(':memory:');
  const live = new SqliteLiveRecordStore(':memory:');
  const repository = new ThreadRepository(events);
  const runner = new ProjectionRunner(events, reads, ALL_PROJECTORS);
  const exec = (command: ThreadCommand) => repository.execute(command, ctx);
  const executor = (model: OfflineChatModel, liveRecords: SqliteLiveRecordStore | null = live) =>
    new RunExecutor({
      repository,
      readStore: reads,
      history: new ThreadHistory(reads),
      model,
      checkpointer: new EventSourcedCheckpointSaver(events),
      liveRecords: liveRecords ?? undefined,
      log: () => undefined,
      leases: new RunLeases(events),
    });
  /** The thread's answer records in the live store when the reply reached the log. */
  const atReply = new Map<string, LiveRecord[]>();
  // A slow live store: the reply must still find its deltas stored.
  const storeLive = live.append.bind(live);
  jest.spyOn(live, 'append').mockImplementation(async (threadId, records) => {
    await new Promise((r) => setTimeout(r, 5));
    return storeLive(threadId, records);
  });
  // Every append goes through appendAtomically (the reply's with its checkpoint too).
  const appendNow = events.appendAtomically.bind(events);
  jest.spyOn(events, 'appendAtomically').mockImplementation(async (appends) => {
    const reply = appends.flatMap((a) => a.events).find((e) => e.type === 'AssistantMessageAdded');
    if (reply)
      atReply.set((reply.data as { threadId: string }).threadId, await live.read((reply.data as { threadId: string }).threadId, -1));
    return appendNow(appends);
  });

  const ask = async (threadId: string, mode: RunMode) => {
    await exec({ type: 'CreateThread', threadId, ownerId: 'u' });
    const { position } = await exec({ type: 'SendMessage', threadId, userId: 'u', messageId: `${threadId}-m`, content: 'hi', mode });
    await runner.waitFor(position!, 5000);
    return (await repository.load(threadId)).state.unanswered[0];
  };
  const replyOf = async (threadId: string) =>
    (await events.readStream(threadStreamId(threadId))).find((e) => e.type === 'AssistantMessageAdded')?.data as
      { messageId: string; content: string; stopped?: boolean } | undefined;

  beforeAll(() => runner.start());
  afterAll(async () => {
    await runner.stop();
    await Promise.all([events.close(), reads.close(), live.close()]);
  });

  it.each<[RunMode, OfflineChatModel]>([
    ['chat', new OfflineChatModel()],
    ['actionplan', new OfflineChatModel()],
    ['react', new CalculatingModel()],
  ])('%s: the deltas, stored before the reply, concatenate to its content; the run starts and ends around them', async (mode, model) => {
    const threadId = `deltas-${mode}`;
    await executor(model).answer(threadId, await ask(threadId, mode), new AbortController().signal);
    const reply = (await replyOf(threadId))!;
    const records = await live.read(threadId, -1);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i));
    expect(liveAnswerOf(atReply.get(threadId)!)).toBe(reply.content);
    expect(liveAnswerOf(records)).toBe(reply.content);
    expect(records[0]).toMatchObject({ type: 'run_started', data: { attempt: 1, mode, reply_to: `${threadId}-m` } });
    expect(records[records.length - 1]).toMatchObject({ type: 'run_ended', data: { status: 'completed', message_id: reply.messageId } });
    const nodes = records.filter((r) => r.type === 'node_finished').map((r) => r.data.node);
    expect(nodes).toEqual(
      {
        chat: ['respond', 'record'],
        actionplan: ['make_plan', 'execute', 'answer', 'record'],
        react: ['agent', 'tools', 'agent', 'record'],
      }[mode],
    );
    const started = records.filter((r) => r.type === 'node_started').map((r) => r.data);
    expect(started.length).toBe(nodes.length);
    if (mode === 'actionplan') expect(started[1]).toEqual({ node: 'execute', step: 1 });
    if (mode === 'react') {
      expect(reply.content).toBe('The answer is 42.');
      const tools = records.filter((r) => r.type === 'tool_call' || r.type === 'tool_result');
      expect(tools.map((r) => r.data)).toEqual([
        { tool_call_id: 'call-1', name: 'calculator', args: { expression: '6*7' } },
        { tool_call_id: 'call-1', name: 'calculator', output: '42' },
      ]);
    }
  });

  it("a stopped run's deltas concatenate to its partial answer, and run_ended says stopped", async () => {
    const model = new HangingModel();
    const controller = new AbortController();
    const answering = executor(model).answer('stopped', await ask('stopped', 'chat'), controller.signal);
    while (model.streamed < 2) await new Promise((r) => setImmediate(r));
    await exec({ type: 'StopRun', threadId: 'stopped', userId: 'u' });
    controller.abort(STOPPED_BY_USER);
    await answering;
    const reply = (await replyOf('stopped'))!;
    const records = await live.read('stopped', -1);
    expect(reply).toMatchObject({ content: 'partial answer', stopped: true });
    expect(liveAnswerOf(atReply.get('stopped')!)).toBe('partial answer');
    expect(records[records.length - 1]).toMatchObject({ type: 'run_ended', data: { status: 'stopped', message_id: reply.messageId } });
  });

  it('a run stopped by the deletion of its thread writes no more live records, and the deletion leaves none', async () => {
    const model = new HangingModel();
    const controller = new AbortController();
    const message = await ask('deleted', 'chat');
    const answering = executor(model).answer('deleted', message, controller.signal);
    while (model.streamed < 2) await new Promise((r) => setImmediate(r));
    await exec({ type: 'DeleteThread', threadId: 'deleted', userId: 'u', branchCount: 0 });
    controller.abort(STOPPED_BY_USER); // what the saga does on ThreadDeleted
    await answering;
    expect((await live.read('deleted', -1)).map((r) => r.type)).not.toContain('run_ended');
    const runId = (await events.readStream(threadStreamId('deleted'))).find((e) => e.type === 'RunStarted')!.data as { runId: string };
    await live.deleteThread('deleted', [runId.runId]); // the stream janitor's part
    expect(await live.read('deleted', -1)).toEqual([]);
  });

  it('a run interrupted by a shutdown and resumed by a fresh executor records attempt 2, which alone makes the answer', async () => {
    const hanging = new HangingModel();
    const shutdown = new AbortController();
    const message = await ask('restarted', 'chat');
    const first = executor(hanging).answer('restarted', message, shutdown.signal);
    while (hanging.streamed < 2) await new Promise((r) => setImmediate(r));
    shutdown.abort('shutting down');
    await expect(first).rejects.toBeDefined();
    expect((await live.read('restarted', -1)).map((r) => r.type)).not.toContain('run_ended');

    await executor(new OfflineChatModel()).answer('restarted', message, new AbortController().signal);
    const records = await live.read('restarted', -1);
    const attempts = records.filter((r) => r.type === 'run_started').map((r) => r.data.attempt);
    expect(attempts).toEqual([1, 2]);
    expect(liveAnswerOf(records)).toBe((await replyOf('restarted'))!.content);
    expect(
      records
        .slice(
          0,
          records.findIndex((r) => r.data.attempt === 2),
        )
        .map((r) => r.data.text),
    ).toContain('partial answer');
  });

  it('each in-process retry is a new attempt, and a failed run ends failed with its error', async () => {
    await executor(new BrokenModel()).answer('failing', await ask('failing', 'chat'), new AbortController().signal);
    const records = await live.read('failing', -1);
    expect(records.filter((r) => r.type === 'run_started').map((r) => r.data.attempt)).toEqual(
      Array.from({ length: MAX_ATTEMPTS }, (_, i) => i + 1),
    );
    expect(records[records.length - 1]).toMatchObject({ type: 'run_ended', data: { status: 'failed', error: 'provider down' } });
    expect(records.filter((r) => r.type === 'node_finished').every((r) => r.data.status === 'failed')).toBe(true);
  });

  it('never reaches the event log: a run appends the same events with or without live records', async () => {
    const logged = async (threadId: string, liveRecords: SqliteLiveRecordStore | null) => {
      const before = (await events.readAll()).length;
      await executor(new OfflineChatModel(), liveRecords).answer(threadId, await ask(threadId, 'react'), new AbortController().signal);
      return {
        added: (await events.readAll()).length - before,
        types: (await events.readStream(threadStreamId(threadId))).map((e) => e.type),
      };
    };
    expect(await logged('with', live)).toEqual(await logged('without', null));
    expect(await live.read('without', -1)).toEqual([]);
    expect((await live.read('with', -1)).length).toBeGreaterThan(0);
  });
});
