import { BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import { defaultAgentDefinition, ThreadCommand, threadStreamId } from '@forkline/domain';
import { AgentRepository, deterministicId, SqliteEventStore, ThreadRepository } from '@forkline/event-store';
import { ALL_PROJECTORS, ProjectionRunner, SqliteReadStore, ThreadHistory } from '@forkline/read-models';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { RunLeases } from './leases/run-leases';
import { OfflineChatModel } from './models/offline-chat-model';
import { RunExecutor } from './run-executor';

/** The offline model, remembering what each call was sent, under the name it was built for. */
class RecordingModel extends OfflineChatModel {
  readonly sent: BaseMessage[][] = [];

  constructor(readonly label: string) {
    super({ tokenDelayMs: 0 });
  }

  async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    this.sent.push(messages);
    yield* super._streamResponseChunks(messages, options);
  }
}

describe("RunExecutor answers with the thread's agent", () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const events = new SqliteEventStore(':memory:');
  const reads = new SqliteReadStore(':memory:');
  const repository = new ThreadRepository(events);
  const agents = new AgentRepository(events);
  const runner = new ProjectionRunner(events, reads, ALL_PROJECTORS);
  const serverModel = new RecordingModel('server');
  const built = new Map<string, RecordingModel>();
  const executor = new RunExecutor({
    repository,
    readStore: reads,
    history: new ThreadHistory(reads),
    model: serverModel,
    checkpointer: new EventSourcedCheckpointSaver(events),
    log: () => undefined,
    leases: new RunLeases(events),
    agents,
    models: async (name) => built.get(name) ?? built.set(name, new RecordingModel(name)).get(name)!,
  });
  const exec = (command: ThreadCommand) => repository.execute(command, ctx);

  /** Sends a message and returns it as the agent saga would hand it over. */
  const send = async (threadId: string, messageId: string) => {
    const { position } = await exec({ type: 'SendMessage', threadId, userId: 'u', messageId, content: `question ${messageId}` });
    await runner.waitFor(position!, 5000);
    return (await repository.load(threadId)).state.unanswered.find((m) => m.messageId === messageId)!;
  };
  const runStarts = async (threadId: string) =>
    (await events.readStream(threadStreamId(threadId))).filter((e) => e.type === 'RunStarted').map((e) => e.data);

  beforeAll(() => runner.start());
  afterAll(async () => {
    await runner.stop();
    await events.close();
    await reads.close();
  });

  it("sends the agent's system prompt first to the agent's model; a run begun before a change keeps the version it recorded", async () => {
    const definition = { ...defaultAgentDefinition(), slug: 'pirate', name: 'Pirate', model: 'openai:pirate', systemPrompt: 'Arr.' };
    await agents.create('a1', 'u', definition, ctx);
    await exec({ type: 'CreateThread', threadId: 't', ownerId: 'u', agentId: 'a1' });
    const first = await send('t', 'm1');
    await executor.answer('t', first, new AbortController().signal);
    expect(built.get('openai:pirate')!.sent[0].map((m) => [m.getType(), m.text])).toEqual([
      ['system', 'Arr.'],
      ['human', 'question m1'],
    ]);
    expect(serverModel.sent).toEqual([]);

    // A run that began at version 1 (then the process died), resumed after the agent changed: it answers as version 1.
    const second = await send('t', 'm2');
    const runId = deterministicId('run:t:m2'); // the run id the executor gives this message
    await exec({ type: 'StartRun', threadId: 't', runId, replyTo: 'm2', mode: 'chat', agent: { agentId: 'a1', agentVersion: 1 } });
    await agents.update('a1', 'u', { systemPrompt: 'Squawk.', model: null }, ctx);
    await executor.answer('t', second, new AbortController().signal);
    expect(built.get('openai:pirate')!.sent[1][0].text).toBe('Arr.');

    const third = await send('t', 'm3');
    await executor.answer('t', third, new AbortController().signal);
    expect(serverModel.sent[0].map((m) => m.text)).toEqual([
      'Squawk.',
      'question m1',
      expect.any(String),
      'question m2',
      expect.any(String),
      'question m3',
    ]);
    expect((await runStarts('t')).map((d) => (d as { agentVersion: number }).agentVersion)).toEqual([1, 1, 2]);
  });

  it("falls back to the owner's default agent once the thread's agent is deleted", async () => {
    await agents.create('a2', 'u', { ...defaultAgentDefinition(), slug: 'gone', name: 'Gone', systemPrompt: 'Never again.' }, ctx);
    await exec({ type: 'CreateThread', threadId: 'orphan', ownerId: 'u', agentId: 'a2' });
    await agents.delete('a2', 'u', ctx);
    const before = serverModel.sent.length;
    await executor.answer('orphan', await send('orphan', 'o1'), new AbortController().signal);
    expect(serverModel.sent[before].map((m) => m.getType())).toEqual(['human']);
    const [started] = await runStarts('orphan');
    expect(started).toMatchObject({ agentVersion: 0, mode: 'chat' });
    expect((started as { agentId: string }).agentId).not.toBe('a2');
  });
});
