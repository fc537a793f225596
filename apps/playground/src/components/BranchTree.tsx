import { useEffect, useState } from 'react';
import { Api } from '../api';
import { Conversation } from '../conversation';
import { threadHref } from '../route';

interface TreeNode {
  threadId: string;
  forkedAt: number | null;
  children: TreeNode[];
}
const MAX_NODES = 200;

/** Walks the forks from the root thread (breadth first, bounded) into a tree. */
async function loadTree(api: Api, rootId: string): Promise<TreeNode> {
  const root: TreeNode = { threadId: rootId, forkedAt: null, children: [] };
  const queue = [root];
  let count = 1;
  while (queue.length && count < MAX_NODES) {
    const node = queue.shift()!;
    for (const b of await api.branches(node.threadId)) {
      const child = { threadId: b.thread_id, forkedAt: b.from_event_number, children: [] };
      node.children.push(child);
      queue.push(child);
      if (++count >= MAX_NODES) break;
    }
  }
  return root;
}

/** The thread's whole tree: each fork is a branch drawn under its source, labelled with its fork point. */
export function BranchTree({ api, threadId, conversation }: { api: Api; threadId: string; conversation: Conversation }) {
  const rootId = conversation.ancestors[0]?.sourceThreadId ?? threadId;
  const [tree, setTree] = useState<TreeNode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const messages = conversation.messages.length;

  useEffect(() => {
    loadTree(api, rootId)
      .then(setTree)
      .catch((e: Error) => setError(e.message));
  }, [api, rootId, messages]);

  const draw = (node: TreeNode) => (
    <li key={node.threadId}>
      <a
        href={threadHref(node.threadId)}
        className="branch"
        aria-current={node.threadId === threadId ? 'page' : undefined}
        data-testid="branch-node"
      >
        {node.forkedAt === null ? 'root' : `fork at event ${node.forkedAt}`}: <code>{node.threadId.slice(0, 12)}</code>
      </a>
      {node.children.length > 0 && <ul>{node.children.map(draw)}</ul>}
    </li>
  );
  return (
    <aside className="tree" aria-labelledby="tree-title">
      <h3 id="tree-title">Branches</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {tree && <ul className="tree-root">{draw(tree)}</ul>}
    </aside>
  );
}
