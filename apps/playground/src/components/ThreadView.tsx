import { useEffect, useState } from 'react';
import { Api } from '../api';
import { applyFrame, Conversation, emptyConversation } from '../conversation';
import { threadHref } from '../route';
import { followThread, StreamStatus } from '../thread-stream';
import { AuditView } from './AuditView';
import { BranchTree } from './BranchTree';
import { ChatView } from './ChatView';
import { TimeTravel } from './TimeTravel';

interface Props {
  api: Api;
  threadId: string;
  tab: 'chat' | 'time' | 'audit';
  onChanged: () => void;
}

/** One thread (one branch): its live conversation, its place in the tree, and the time travel and audit tabs. */
export function ThreadView({ api, threadId, tab, onChanged }: Props) {
  const [conversation, setConversation] = useState<Conversation>(emptyConversation);
  const [status, setStatus] = useState<{ state: StreamStatus; note?: string }>({ state: 'connecting' });

  useEffect(
    () =>
      followThread(
        threadId,
        api.authHeaders(),
        (frame) => setConversation((c) => applyFrame(c, frame)),
        (state, note) => setStatus({ state, note }),
      ),
    [api, threadId],
  );

  const tabs = [
    ['chat', 'Chat'],
    ['time', 'Time travel'],
    ['audit', 'Audit'],
  ] as const;
  return (
    <div className="thread">
      <div className="thread-head">
        <h2>
          Thread <code>{threadId}</code>
        </h2>
        <p className={`stream-${status.state}`} role="status" data-testid="stream-status">
          Stream: {status.state}
          {status.note ? ` — ${status.note}` : ''}
        </p>
        <nav aria-label="Thread views" className="tabs">
          {tabs.map(([id, label]) => (
            <a key={id} href={threadHref(threadId, id)} aria-current={tab === id ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
      </div>
      <div className="thread-body">
        <section className="thread-main">
          {tab === 'chat' && <ChatView api={api} threadId={threadId} conversation={conversation} onChanged={onChanged} />}
          {tab === 'time' && <TimeTravel api={api} threadId={threadId} head={conversation.lastEventNumber} onChanged={onChanged} />}
          {tab === 'audit' && <AuditView api={api} threadId={threadId} head={conversation.lastEventNumber} />}
        </section>
        <BranchTree api={api} threadId={threadId} conversation={conversation} />
      </div>
    </div>
  );
}
