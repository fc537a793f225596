import { ReadStore, Segment, ThreadHistory, ThreadView } from '@forkline/read-models';

/**
 * Rows one request reads about a LangGraph thread's family, keyed by the family array the request passes around (the
 * heads, then the state at the newest one, then the status all need the same thread rows and copy segments): each is
 * read once, and dropped with the request.
 */
export class FamilyReads {
  private readonly reads = new WeakMap<
    string[],
    { views: Map<string, Promise<ThreadView | null>>; segments: Map<string, Promise<Segment[] | null>> }
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

  private of(family: string[]) {
    let reads = this.reads.get(family);
    if (!reads) this.reads.set(family, (reads = { views: new Map(), segments: new Map() }));
    return reads;
  }
}
