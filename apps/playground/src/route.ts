import { useEffect, useState } from 'react';

/** Hash routes keep the static server simple: #/threads/<id>[/time|/audit], #/agents/<id>, #/agents/new. */
export type Route =
  { view: 'home' } | { view: 'thread'; threadId: string; tab: 'chat' | 'time' | 'audit' } | { view: 'agent'; agentId: string | null };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'threads' && parts[1]) {
    const tab = parts[2] === 'time' || parts[2] === 'audit' ? parts[2] : 'chat';
    return { view: 'thread', threadId: parts[1], tab };
  }
  if (parts[0] === 'agents' && parts[1]) return { view: 'agent', agentId: parts[1] === 'new' ? null : parts[1] };
  return { view: 'home' };
}

export const threadHref = (id: string, tab: 'chat' | 'time' | 'audit' = 'chat') =>
  `#/threads/${encodeURIComponent(id)}${tab === 'chat' ? '' : `/${tab}`}`;
export const agentHref = (id: string | null) => `#/agents/${id === null ? 'new' : encodeURIComponent(id)}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
