import { EVENT_STORE, EventStore } from './events';
import { ALICE_KEY, call, JsonResponse, startTestApp, TestApp } from './test-app';

/** A test app with helpers for the Dify face's tests: calls with a key of choice, agents, app keys, the log as text. */
export interface DifyTestApp {
  t: TestApp;
  events: EventStore;
  api: (method: string, path: string, key?: string | null, body?: unknown) => Promise<JsonResponse>;
  newAgent: (key: string, fields: Record<string, unknown>) => Promise<string>;
  /** A new app key of the agent, made by its owner (`key`, alice's by default): `{key_id, key, ...}`. */
  newKey: (agentId: string, key?: string) => Promise<any>;
  /** Every event of the log as its JSON text. */
  allEvents: () => Promise<string[]>;
}

export async function startDifyTestApp(env: Record<string, string> = {}): Promise<DifyTestApp> {
  const t = await startTestApp(env);
  const events = t.app.get<EventStore>(EVENT_STORE);
  const api = (method: string, path: string, key: string | null = ALICE_KEY, body?: unknown) =>
    call(t.baseUrl, method, path, body, { key });
  return {
    t,
    events,
    api,
    newAgent: async (key, fields) => (await api('POST', '/agents', key, fields)).body.agent_id,
    newKey: async (agentId, key = ALICE_KEY) => {
      const created = await api('POST', `/agents/${agentId}/api-keys`, key);
      if (created.status !== 200) throw new Error(`creating a key answered ${created.status}: ${JSON.stringify(created.body)}`);
      return created.body;
    },
    allEvents: async () => (await events.readAll()).map((e) => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
  };
}
