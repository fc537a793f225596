import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { threadStreamId } from '@forkline/domain';
import { SqliteEventStore, ThreadRepository } from '@forkline/event-store';
import { SqliteReadStore, ThreadHistory } from '@forkline/read-models';
import { StorageQuota } from '../../http/storage-quota';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { StartWorkflowCommand } from './start-workflow.command';
import { StartWorkflowHandler } from './start-workflow.handler';

describe('StartWorkflowHandler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-start-workflow-'));
  const events = new SqliteEventStore(join(dir, 'events.db'));
  const readStore = new SqliteReadStore(join(dir, 'read-models.db'));
  const repository = new ThreadRepository(events);
  const queries = new WorkflowQueries(readStore, new ThreadHistory(readStore));
  const handler = new StartWorkflowHandler(repository, queries, new StorageQuota(readStore, 1024 ** 3));
  const alice = { actor: 'alice', correlationId: 'c', causationId: null };
  const start = (workflowId: string | undefined, input: string, files?: Array<{ id?: string; name: string }>) =>
    handler.execute(new StartWorkflowCommand(workflowId, input, alice, { mode: 'react', files }));
  const stream = (workflowId: string) => events.readStream(threadStreamId(workflowId));

  afterAll(async () => {
    await events.close();
    readStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Existing workflows in the log, and in the read model the handler checks ownership against. */
  const existing = async (workflowId: string, ownerId: string) => {
    await repository.execute({ type: 'CreateThread', threadId: workflowId, ownerId }, { ...alice, actor: ownerId });
    const thread = { thread_id: workflowId, owner_id: ownerId, parent_thread_id: null, from_event_number: null, created_at: 'x' };
    await readStore.commit([
      {
        subscriber: workflowId,
        position: 1n,
        changes: [
          { table: 'threads', upsert: thread, position: 1n },
          { table: 'heads', upsert: { thread_id: workflowId, event_number: 0 }, position: 1n },
        ],
      },
    ]);
  };
  beforeAll(() => existing('bobs', 'bob').then(() => existing('alices', 'alice')));

  it('creates a wf_ thread for the user, sends the message, and returns the position of the message', async () => {
    const { workflowId, position } = await start(undefined, 'hello', [{ name: 'a.txt' }, { id: 'mine', name: 'b.txt' }]);
    expect(workflowId).toMatch(/^wf_[0-9a-f-]{36}$/);
    const recorded = await stream(workflowId);
    expect(recorded.map((e) => e.type)).toEqual(['ThreadCreated', 'UserMessageAdded', 'DocumentAttached', 'DocumentAttached']);
    const [created, message] = recorded;
    expect(created.data).toMatchObject({ ownerId: 'alice' });
    expect(message.data).toMatchObject({ content: 'hello', mode: 'react' });
    const [generated, given] = (message.data as { files: Array<{ id: string }> }).files;
    expect([generated.id, given.id]).toEqual([expect.stringMatching(/^file_[0-9a-f-]{36}$/), 'mine']);
    expect(position).toBe(recorded[recorded.length - 1].position);
    expect(position).toBe(await events.headPosition());
  });

  it("refuses another user's workflow as not found, appending nothing", async () => {
    const before = await events.headPosition();
    await expect(start('bobs', 'hi')).rejects.toMatchObject({ message: "workflow 'bobs' not found", field: 'workflowId' });
    await expect(start('nobodys', 'hi')).rejects.toMatchObject({ message: "workflow 'nobodys' not found" });
    expect(await events.headPosition()).toBe(before);
    expect(await stream('bobs')).toHaveLength(1);
  });

  it("sends to the user's own workflow without creating anything", async () => {
    const { workflowId, position } = await start('alices', 'again');
    expect(workflowId).toBe('alices');
    const recorded = await stream('alices');
    expect(recorded.map((e) => e.type)).toEqual(['ThreadCreated', 'UserMessageAdded']);
    expect(recorded[1].data).toMatchObject({ content: 'again', mode: 'react' });
    expect(position).toBe(recorded[1].position);
  });
});
