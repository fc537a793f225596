import { useCallback, useMemo, useState } from 'react';
import { Api } from '../api';
import { useRoute } from '../route';
import { forgetKey, loadKey, saveKey } from '../session';
import { AgentForm } from './AgentForm';
import { Sidebar } from './Sidebar';
import { SignIn } from './SignIn';
import { ThreadView } from './ThreadView';

export function App() {
  const [key, setKey] = useState(loadKey);
  const [refresh, setRefresh] = useState(0);
  const route = useRoute();
  const api = useMemo(() => (key ? new Api(key) : null), [key]);
  const changed = useCallback(() => setRefresh((n) => n + 1), []);

  if (!api)
    return (
      <SignIn
        onSignIn={(k) => {
          saveKey(k);
          setKey(k);
        }}
      />
    );
  return (
    <div className="layout">
      <header className="topbar">
        <h1>Forkline playground</h1>
        <button
          type="button"
          onClick={() => {
            forgetKey();
            setKey(null);
          }}
        >
          Sign out
        </button>
      </header>
      <Sidebar api={api} refresh={refresh} onChanged={changed} current={route.view === 'thread' ? route.threadId : null} />
      <main className="main">
        {route.view === 'thread' && (
          <ThreadView key={route.threadId} api={api} threadId={route.threadId} tab={route.tab} onChanged={changed} />
        )}
        {route.view === 'agent' && <AgentForm key={route.agentId ?? 'new'} api={api} agentId={route.agentId} onSaved={changed} />}
        {route.view === 'home' && <p className="hint">Pick a thread or create one for an agent.</p>}
      </main>
    </div>
  );
}
