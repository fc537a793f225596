import { ReadStore, Segment, ThreadHistory, ThreadView } from '@forkline/read-models';
import { LinkOf, LinkRow } from './checkpoint-tree';

/**
 * Rows one request reads about a LangGraph thread's family, keyed by the family array the request passes around (the
 * heads, then the state at the newest one, then the status all need the same thread rows and copy segments): each is
 * read once, and dropped with the request. So are checkpoint links: the head's id is resolved (visibleId) and then its
 * row found (findRow) by the same lookup.
 */
export class FamilyReads {
  private readonly reads = new WeakMap<
    string[],
    {
      views: Map<string, Promise<ThreadView | null>>;
      segments: Map<string, Promise<Segment[] | null>>;
      links: Map<string, Promise<LinkRow | null>>;
    }
  >();

  constructor(
    private readonly readStore: ReadStore,
    private readonly history: ThreadHistory,
  ) {}

  view(family: string[], threadId: string): Promise<ThreadView | null> {
    const { views } = this.of(family);
    if (!views.has(threadId)) views.set(threadId, this.readStore.getThread(threadId));
    return views.get(threadId)!;
  }

  segments(family: string[], view: ThreadView): Promise<Segment[] | null> {
    const { segments } = this.of(family);
    if (!segments.has(view.thread_id)) segments.set(view.thread_id, this.history.segments(view));
    return segments.get(view.thread_id)!;
  }

  /** `linkOf`, read once per request for each (stream, checkpoint). */
  linkOf(family: string[], read: LinkOf): LinkOf {
    const { links } = this.of(family);
    return (threadId, checkpointId) => {
      const key = `${threadId}\u0000${checkpointId}`;
      if (!links.has(key)) links.set(key, read(threadId, checkpointId));
      return links.get(key)!;
    };
  }

  private of(family: string[]) {
    let reads = this.reads.get(family);
    if (!reads) this.reads.set(family, (reads = { views: new Map(), segments: new Map(), links: new Map() }));
    return reads;
  }
}
