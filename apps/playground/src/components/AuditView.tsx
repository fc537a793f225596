import { useEffect, useState } from 'react';
import { Api, AuditEvent } from '../api';

/** The thread's log in order (inherited events included) with actor, time and correlation, and its export as JSONL. */
export function AuditView({ api, threadId, head }: { api: Api; threadId: string; head: number }) {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .events(threadId)
      .then(setEvents)
      .catch((e: Error) => setError(e.message));
  }, [api, threadId, head]);

  const exportJsonl = () => {
    const blob = new Blob([events.map((e) => JSON.stringify(e)).join('\n') + '\n'], { type: 'application/x-ndjson' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${threadId}.jsonl`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <div className="audit">
      <button type="button" onClick={exportJsonl} disabled={events.length === 0}>
        Export JSONL
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>Events of {threadId}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Type</th>
              <th scope="col">Actor</th>
              <th scope="col">Time</th>
              <th scope="col">Correlation</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.event_id}>
                <td>{e.event_number}</td>
                <td>{e.type}</td>
                <td>{e.actor}</td>
                <td>{e.occurred_at}</td>
                <td>
                  <code>{e.correlation_id}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
