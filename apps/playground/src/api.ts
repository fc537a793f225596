/** The public HTTP API, as the playground uses it. Every failure becomes an ApiError whose message is the API's own words. */

export interface Agent {
  agent_id: string;
  slug: string;
  name: string;
  mode: 'chat' | 'actionplan' | 'react';
  model: string | null;
  system_prompt: string | null;
  tools: string[] | null;
  version: number;
}
export type AgentFields = Pick<Agent, 'name' | 'mode' | 'model' | 'system_prompt' | 'tools'>;
export interface ThreadHead {
  thread_id: string;
  event_number: number;
}
export interface Branch {
  thread_id: string;
  parent_thread_id: string;
  from_event_number: number;
}
export interface StateMessage {
  role: 'user' | 'assistant';
  content: string;
  message_id: string;
  event_number: number;
}
export interface ThreadState {
  thread_id: string;
  event_number: number;
  messages: StateMessage[];
  run: { status: string; run_id: string | null; pending_messages: number };
}
export interface AuditEvent {
  event_number: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  actor: string;
  correlation_id: string;
  occurred_at: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class Api {
  constructor(private readonly key: string) {}

  authHeaders(): Record<string, string> {
    return { Authorization: `Bearer ${this.key}` };
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: { ...this.authHeaders(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(`The server could not be reached (${String(error)})`, 0);
    }
    const text = await response.text();
    const json = text ? safeJson(text) : null;
    if (!response.ok) throw new ApiError(describe(response.status, json, text), response.status);
    return json as T;
  }

  agents = () => this.request<Agent[]>('GET', '/agents');
  createAgent = (slug: string, fields: AgentFields) => this.request<Agent>('POST', '/agents', { slug, ...fields });
  updateAgent = (id: string, fields: Partial<AgentFields>) => this.request<Agent>('PATCH', `/agents/${enc(id)}`, fields);
  threads = () => this.request<ThreadHead[]>('GET', '/threads');
  head = (id: string) => this.request<ThreadHead>('GET', `/threads/${enc(id)}/head`);
  branches = (id: string) => this.request<Branch[]>('GET', `/threads/${enc(id)}/branches`);
  state = (id: string, eventNumber: number) => this.request<ThreadState>('GET', `/threads/${enc(id)}/state?event_number=${eventNumber}`);
  createThread = (agentId: string) => this.request<{ thread_id: string }>('POST', '/commands/create-thread', { agent_id: agentId });
  send = (threadId: string, content: string) => this.request('POST', '/commands/send-message', { thread_id: threadId, content });
  fork = (threadId: string, eventNumber: number) =>
    this.request<{ new_thread_id: string }>('POST', '/commands/fork-thread', { source_thread_id: threadId, event_number: eventNumber });
  // The threads face has no stop route; the chat playground face's stop takes any thread id (a workflow is a thread).
  stop = (threadId: string) => this.request('POST', `/api/chat/playground/${enc(threadId)}/stop`);

  /** The whole log, page by page (a short page is not the end: ask on until []). */
  async events(threadId: string): Promise<AuditEvent[]> {
    const all: AuditEvent[] = [];
    for (;;) {
      const from = all.length ? all[all.length - 1].event_number + 1 : 0;
      const page = await this.request<AuditEvent[]>('GET', `/threads/${enc(threadId)}/events?from=${from}&limit=1000`);
      if (page.length === 0) return all;
      all.push(...page);
    }
  }
}

const enc = encodeURIComponent;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function describe(status: number, json: unknown, text: string): string {
  const detail = json && typeof json === 'object' && 'detail' in json ? String((json as { detail: unknown }).detail) : text.slice(0, 200);
  if (status === 401) return `The API key was refused (401): ${detail}`;
  if (status === 429) return `Too many requests (429): ${detail}`;
  return `${status}: ${detail || 'no details'}`;
}
