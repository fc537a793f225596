import { useEffect, useState } from 'react';
import { Agent, Api, ThreadHead } from '../api';
import { agentHref, threadHref } from '../route';

interface Props {
  api: Api;
  refresh: number;
  current: string | null;
  onChanged: () => void;
}

/** Agents and threads, newest first, each list filtered by its own search box. */
export function Sidebar({ api, refresh, current, onChanged }: Props) {
  const [agents, setAgents] = useState<Agent[]>([]);
  const [threads, setThreads] = useState<ThreadHead[]>([]);
  const [agentQuery, setAgentQuery] = useState('');
  const [threadQuery, setThreadQuery] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([api.agents(), api.threads()])
      .then(([a, t]) => {
        setAgents(a);
        setThreads([...t].reverse()); // the API lists them oldest first
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [api, refresh]);

  const newThread = async (agentId: string) => {
    try {
      const { thread_id } = await api.createThread(agentId);
      onChanged();
      location.hash = threadHref(thread_id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const match = (q: string, ...texts: string[]) => texts.some((t) => t.toLowerCase().includes(q.toLowerCase()));

  return (
    <nav className="sidebar" aria-label="Agents and threads">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <section aria-labelledby="agents-title">
        <h2 id="agents-title">Agents</h2>
        <label htmlFor="agent-search">Search agents</label>
        <input id="agent-search" type="search" value={agentQuery} onChange={(e) => setAgentQuery(e.target.value)} />
        <ul className="list">
          {[...agents]
            .reverse()
            .filter((a) => match(agentQuery, a.name, a.slug))
            .map((a) => (
              <li key={a.agent_id}>
                <span>
                  {a.name} <small>({a.mode})</small>
                </span>
                <button type="button" onClick={() => newThread(a.agent_id)} aria-label={`New thread with ${a.name}`}>
                  New thread
                </button>
                <a href={agentHref(a.agent_id)} aria-label={`Edit agent ${a.name}`}>
                  Edit
                </a>
              </li>
            ))}
        </ul>
        <a href={agentHref(null)}>Create an agent</a>
      </section>
      <section aria-labelledby="threads-title">
        <h2 id="threads-title">Threads</h2>
        <label htmlFor="thread-search">Search threads</label>
        <input id="thread-search" type="search" value={threadQuery} onChange={(e) => setThreadQuery(e.target.value)} />
        <ul className="list" data-testid="thread-list">
          {threads
            .filter((t) => match(threadQuery, t.thread_id))
            .map((t) => (
              <li key={t.thread_id}>
                <a href={threadHref(t.thread_id)} aria-current={t.thread_id === current ? 'page' : undefined}>
                  {t.thread_id}
                </a>
                <small> {t.event_number + 1} events</small>
              </li>
            ))}
        </ul>
      </section>
    </nav>
  );
}
