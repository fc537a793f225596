import { FormEvent, useState } from 'react';
import { Api } from '../api';
import { ChatMessage, Conversation, runFor } from '../conversation';
import { threadHref } from '../route';
import { RunDetails } from './RunDetails';

interface Props {
  api: Api;
  threadId: string;
  conversation: Conversation;
  onChanged: () => void;
}

/** The conversation as the stream tells it: each question, its answer (streaming, final or stopped) and its run. */
export function ChatView({ api, threadId, conversation, onChanged }: Props) {
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ message: ChatMessage; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const running = Object.values(conversation.runs).some((r) => r.status === 'running');
  const answered = new Map(conversation.messages.filter((m) => m.replyTo).map((m) => [m.replyTo!, m]));

  const send = (e: FormEvent) => {
    e.preventDefault();
    const content = text;
    void act(async () => {
      await api.send(threadId, content);
      setText('');
    });
  };
  /** Edit: fork just before the question and ask the new text there. Regenerate: fork at the question, which gets a new answer. */
  const branch = (message: ChatMessage, newText: string | null) =>
    act(async () => {
      const { new_thread_id } = await api.fork(threadId, newText === null ? message.eventNumber : message.eventNumber - 1);
      if (newText !== null) await api.send(new_thread_id, newText);
      setEditing(null);
      onChanged();
      location.hash = threadHref(new_thread_id);
    });

  return (
    <div className="chat">
      <ol className="messages" aria-label="Messages" aria-live="polite">
        {conversation.messages
          .filter((m) => m.role === 'user')
          .map((m) => {
            const answer = answered.get(m.id);
            const run = runFor(conversation, m.id);
            return (
              <li key={m.id} className="turn">
                <div className="msg user" data-testid="user-message">
                  <span className="who">You</span> <span className="text">{m.content}</span>
                  <span className="actions">
                    <button
                      type="button"
                      onClick={() => setEditing({ message: m, text: m.content })}
                      aria-label={`Edit message ${m.eventNumber}`}
                    >
                      Edit
                    </button>
                    <button type="button" onClick={() => branch(m, null)} aria-label={`Regenerate answer to message ${m.eventNumber}`}>
                      Regenerate
                    </button>
                  </span>
                </div>
                {editing?.message.id === m.id && (
                  <form
                    className="edit"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void branch(m, editing.text);
                    }}
                  >
                    <label htmlFor={`edit-${m.id}`}>New text (sent on a new branch)</label>
                    <textarea id={`edit-${m.id}`} value={editing.text} onChange={(e) => setEditing({ message: m, text: e.target.value })} />
                    <button type="submit">Send on a new branch</button>
                    <button type="button" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </form>
                )}
                {(answer || run) && (
                  <div className={`msg assistant${answer?.stopped ? ' stopped' : ''}`} data-testid="assistant-message">
                    <span className="who">Agent</span>{' '}
                    <span className="text" data-testid={answer ? 'answer-final' : 'answer-streaming'}>
                      {answer ? answer.content : run?.streamed}
                    </span>
                    {answer?.stopped && <strong className="badge"> stopped</strong>}
                    {!answer && run?.status === 'running' && <span className="badge"> streaming…</span>}
                    {run && <RunDetails run={run} />}
                  </div>
                )}
              </li>
            );
          })}
      </ol>
      <form className="composer" onSubmit={send}>
        <label htmlFor="message-input">Message</label>
        <textarea id="message-input" rows={2} value={text} onChange={(e) => setText(e.target.value)} required />
        <button type="submit">Send</button>
        <button type="button" disabled={!running} onClick={() => act(() => api.stop(threadId))}>
          Stop
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
