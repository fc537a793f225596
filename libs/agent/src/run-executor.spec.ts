import { BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import { ThreadCommand, threadStreamId } from '@forkline/domain';
import { SqliteEventStore, ThreadRepository } from '@forkline/event-store';
import { ALL_PROJECTORS, ProjectionRunner, SqliteReadStore, ThreadHistory } from '@forkline/read-models';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { RunLeases } from './leases/run-leases';
import { OfflineChatModel } from './models/offline-chat-model';
import { MAX_ATTEMPTS, RunExecutor } from './run-executor';

/** The offline model, except that the calls numbered in `failing` stream one token and then fail. */
class FlakyModel extends OfflineChatModel {
  private calls = 0;

  constructor(private readonly failing: (call: number) => boolean) {
    super();
  }

  async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    const fails = this.failing(++this.calls);
    for await (const chunk of super._streamResponseChunks(messages, options)) {
      yield chunk;
      if (fails) throw new Error(`call ${this.calls} broke`);
    }
  }
}

describe('RunExecutor over the SQLite stores', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const events = new SqliteEventStore(':memory:');
  const reads = new SqliteReadStore(':memory:');
  const repository = new ThreadRepository(events);
  const runner = new ProjectionRunner(events, reads, ALL_PROJECTORS);
  const exec = (command: ThreadCommand) => repository.execute(command, ctx);
  const executor = (model: OfflineChatModel) =>
    new RunExecutor({
      repository,
      readStore: reads,
      history: new ThreadHistory(reads),
      model,
      checkpointer: new EventSourcedCheckpointSaver(events),
      log: () => undefined,
      leases: new RunLeases(events),
    });

  /** A thread with one actionplan message, answered by `model`; returns the thread's log after it. */
  const answer = async (threadId: string, model: OfflineChatModel) => {
    await exec({ type: 'CreateThread', threadId, ownerId: 'u' });
    const { position } = await exec({
      type: 'SendMessage',
      threadId,
      userId: 'u',
      messageId: `${threadId}-m`,
      content: 'plan it',
      mode: 'actionplan',
    });
    await runner.waitFor(position!, 5000);
    const [message] = (await repository.load(threadId)).state.unanswered;
    await executor(model).answer(threadId, message, new AbortController().signal);
    return events.readStream(threadStreamId(threadId));
  };

  beforeAll(() => runner.start());
  afterAll(async () => {
    await runner.stop();
    await events.close();
    await reads.close();
  });

  it("retries afresh: a failed attempt's partial answer and tokens do not carry over", async () => {
    // Actionplan calls the model to plan, for its one step, then for the answer: the first answer breaks after a token.
    const clean = await answer('clean', new FlakyModel(() => false));
    const retried = await answer('retried', new FlakyModel((call) => call === 3));
    const outcome = (log: typeof clean) =>
      log
        .filter((e) => e.type === 'AssistantMessageAdded' || e.type === 'StatRecorded')
        .map(({ type, data }) => {
          const { content, inputTokens, outputTokens, stopped } = data as Record<string, unknown>;
          return { type, content, inputTokens, outputTokens, stopped };
        });
    expect(outcome(retried)).toEqual(outcome(clean));
    expect(retried.map((e) => e.type)).toContain('RunCompleted');
    const errors = retried.filter((e) => e.type === 'LogRecorded' && (e.data as { level: string }).level === 'error');
    expect(errors.map((e) => (e.data as { message: string }).message)).toEqual([`attempt 1 of ${MAX_ATTEMPTS} failed: call 3 broke`]);
  });

  it('records the run as failed after MAX_ATTEMPTS attempts, one error log each', async () => {
    const log = await answer('failing', new FlakyModel(() => true));
    const types = log.map((e) => e.type);
    expect(types.filter((t) => t === 'LogRecorded' || t === 'RunFailed' || t === 'AssistantMessageAdded').slice(-1)).toEqual(['RunFailed']);
    expect(types).not.toContain('AssistantMessageAdded');
    const errors = log.filter((e) => e.type === 'LogRecorded' && (e.data as { level: string }).level === 'error');
    expect(errors).toHaveLength(MAX_ATTEMPTS);
    expect(log.find((e) => e.type === 'StatRecorded')?.data).toMatchObject({ mode: 'actionplan', inputTokens: 0, outputTokens: 0 });
  });

  it('waits for read models projected elsewhere to show the message before reading the conversation', async () => {
    // A read store whose projector starts only after the run was claimed (a projector process behind the worker).
    const lagging = new SqliteReadStore(':memory:');
    const late = new ProjectionRunner(events, lagging, ALL_PROJECTORS);
    const asked: string[] = [];
    class Recording extends OfflineChatModel {
      async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
        asked.push(String(messages.at(-1)?.content ?? '(no message)'));
        yield* super._streamResponseChunks(messages, options);
      }
    }
    await exec({ type: 'CreateThread', threadId: 'lagging', ownerId: 'u' });
    await exec({ type: 'SendMessage', threadId: 'lagging', userId: 'u', messageId: 'lag-m', content: 'the newest question' });
    const [message] = (await repository.load('lagging')).state.unanswered;
    const run = new RunExecutor({
      repository,
      readStore: lagging,
      history: new ThreadHistory(lagging),
      model: new Recording(),
      checkpointer: new EventSourcedCheckpointSaver(events),
      log: () => undefined,
      leases: new RunLeases(events),
    }).answer('lagging', message, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 150));
    expect(asked).toEqual([]); // nothing to read yet: no model call on a conversation without the question
    late.start();
    try {
      await run;
    } finally {
      await late.stop();
      await lagging.close();
    }
    expect(asked).toEqual(['the newest question']);
  });
});
