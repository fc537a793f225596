import { useEffect, useState } from 'react';
import { Api, ThreadState } from '../api';
import { threadHref } from '../route';

interface Props {
  api: Api;
  threadId: string;
  head: number;
  onChanged: () => void;
}

/** A slider over the thread's event numbers: the conversation and run state as they were then, and a fork from there. */
export function TimeTravel({ api, threadId, head, onChanged }: Props) {
  const [at, setAt] = useState<number | null>(null);
  const [state, setState] = useState<ThreadState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const eventNumber = at ?? head;

  useEffect(() => {
    if (eventNumber < 0) return;
    let current = true; // answers to earlier positions of the slider may arrive after this one's
    api
      .state(threadId, eventNumber)
      .then((s) => {
        if (!current) return;
        setState(s);
        setError(null);
      })
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [api, threadId, eventNumber]);

  const forkHere = async () => {
    try {
      const { new_thread_id } = await api.fork(threadId, eventNumber);
      onChanged();
      location.hash = threadHref(new_thread_id);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="time-travel">
      <label htmlFor="event-slider">
        Event number: <output data-testid="event-number">{eventNumber}</output> of {head}
      </label>
      <input
        id="event-slider"
        type="range"
        min={0}
        max={Math.max(head, 0)}
        value={Math.max(eventNumber, 0)}
        onChange={(e) => setAt(Number(e.target.value))}
      />
      <button type="button" onClick={forkHere}>
        Fork from here
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {state && (
        <div data-testid="past-state" data-event-number={state.event_number}>
          <p>
            Run: {state.run.status}
            {state.run.pending_messages > 0 && `, ${state.run.pending_messages} waiting`}
          </p>
          <ol className="messages" aria-label={`Messages at event ${state.event_number}`}>
            {state.messages.map((m) => (
              <li key={m.message_id} className={`msg ${m.role}`}>
                <span className="who">{m.role === 'user' ? 'You' : 'Agent'}</span> <span className="text">{m.content}</span>{' '}
                <small>#{m.event_number}</small>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
