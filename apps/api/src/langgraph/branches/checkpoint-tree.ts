import { CheckpointLink } from '@forkline/agent';
import { Segment } from '@forkline/read-models';

/** One checkpoint of a LangGraph thread as its clients see it. */
export interface TreeNode {
  checkpointId: string;
  /** The Forkline thread whose checkpoint stream holds it (a branch fork, the thread itself, or a source of a copy). */
  streamThreadId: string;
  /** Its parent as clients see it: a branch's first checkpoint's parent is the checkpoint it branched at. */
  parentId: string | null;
}

/** Where the tree's checkpoints are read: the saver's links of one thread's own checkpoint stream. */
export type LinksOf = (threadId: string) => Promise<CheckpointLink[]>;

/**
 * Every checkpoint of a LangGraph thread, all branches, newest first (ids are uuid6: their string order is their time order).
 * `family`: the thread and its branch forks; `inherited`: the thread's sources' segments (a copy reads its source's
 * checkpoints up to the copy point, ids kept). A fork's first checkpoint (CheckpointForked) only stands for its source's:
 * it is left out, and a checkpoint whose parent it is gets the source's checkpoint as parent, so ids and parents match
 * across branches.
 */
export async function checkpointTree(family: string[], inherited: Segment[], linksOf: LinksOf): Promise<TreeNode[]> {
  const aliases = new Map<string, string>();
  const nodes = new Map<string, { link: CheckpointLink; streamThreadId: string }>();
  const add = (streamThreadId: string, links: CheckpointLink[]) => {
    for (const link of links) {
      if (link.source) aliases.set(link.checkpointId, link.source.checkpointId);
      else if (!nodes.has(link.checkpointId)) nodes.set(link.checkpointId, { link, streamThreadId });
    }
  };
  for (const s of inherited) {
    add(
      s.threadId,
      (await linksOf(s.threadId)).filter((l) => l.threadEventNumber !== null && l.threadEventNumber <= s.upTo),
    );
  }
  for (const threadId of family) add(threadId, await linksOf(threadId));
  const visible = (id: string | null): string | null => {
    for (let hops = 0; id !== null && aliases.has(id) && hops < 1000; hops++) id = aliases.get(id)!;
    return id;
  };
  return [...nodes.values()]
    .map(({ link, streamThreadId }) => ({ checkpointId: link.checkpointId, streamThreadId, parentId: visible(link.parentCheckpointId) }))
    .sort((a, b) => (a.checkpointId < b.checkpointId ? 1 : a.checkpointId > b.checkpointId ? -1 : 0));
}
