import { runIdFor } from '@forkline/domain';
import { conversationThreadId } from '../../apps/api/src/workflow-chat/conversation-thread';
import { ALICE_KEY, call } from './test-app';

/**
 * Test support for the workflow chat face's executions and socket: an agent (workflow) and a message into the caller's
 * conversation thread with it, sent through the native threads face (the chat route is tested on its own).
 */
export class WorkflowChatClient {
  constructor(
    private readonly baseUrl: string,
    readonly userId: string,
    readonly key = ALICE_KEY,
  ) {}

  private api(method: string, path: string, body?: unknown) {
    return call(this.baseUrl, method, path, body, { key: this.key });
  }

  /** Creates the workflow only: its conversation thread does not exist yet. */
  async agent(slug: string): Promise<string> {
    const agent = await this.api('POST', '/agents', { slug, name: slug });
    if (agent.status !== 200) throw new Error(`agent: ${agent.status} ${JSON.stringify(agent.body)}`);
    return agent.body.agent_id;
  }

  /** Creates the workflow (unless its id is given) and its conversation thread; returns the agent id and the thread id. */
  async workflow(slug: string, existing?: string): Promise<{ agentId: string; threadId: string }> {
    const agentId = existing ?? (await this.agent(slug));
    const threadId = conversationThreadId(this.userId, agentId);
    const thread = await this.api('POST', '/commands/create-thread', { thread_id: threadId, agent_id: agentId });
    if (thread.status !== 200) throw new Error(`thread: ${thread.status} ${JSON.stringify(thread.body)}`);
    return { agentId, threadId };
  }

  /** Sends a message into the conversation; returns its execution id. */
  async send(threadId: string, content: string): Promise<string> {
    const sent = await this.api('POST', '/commands/send-message', { thread_id: threadId, content });
    if (sent.status !== 200) throw new Error(`send: ${sent.status} ${JSON.stringify(sent.body)}`);
    return runIdFor(threadId, sent.body.event_id);
  }
}
