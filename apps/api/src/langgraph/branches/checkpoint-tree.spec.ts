import { findRow, LinkOf, LinkRow, newestFirst, RowsOf, toNode, TreeStream } from './checkpoint-tree';

const link = (thread_id: string, checkpoint_id: string, parent: string | null, event_number: number | null): LinkRow => ({
  thread_id,
  checkpoint_id,
  parent_checkpoint_id: parent,
  event_number,
  source_thread_id: null,
  source_checkpoint_id: null,
});
const forked = (thread_id: string, checkpoint_id: string, source: [string, string], event_number: number): LinkRow => ({
  ...link(thread_id, checkpoint_id, null, event_number),
  source_thread_id: source[0],
  source_checkpoint_id: source[1],
});

/** The read model as the service reads it, counting the rows each read returns. */
function store(rows: LinkRow[]) {
  const reads: number[] = [];
  const rowsOf: RowsOf = async (threadId, atMost, limit) => {
    const page = rows
      .filter((r) => r.thread_id === threadId && (atMost === null || r.checkpoint_id <= atMost))
      .sort((a, b) => (a.checkpoint_id < b.checkpoint_id ? 1 : -1))
      .slice(0, limit);
    reads.push(page.length);
    return page;
  };
  const linkOf: LinkOf = async (t, id) => rows.find((r) => r.thread_id === t && r.checkpoint_id === id) ?? null;
  return { rowsOf, linkOf, reads };
}

async function page(rows: LinkRow[], streams: TreeStream[], before: string | null = null, limit = 100) {
  const { rowsOf, linkOf } = store(rows);
  const nodes = [];
  for await (const row of newestFirst(streams, before, limit, rowsOf)) {
    nodes.push(await toNode(row, linkOf));
    if (nodes.length >= limit) break;
  }
  return nodes;
}

describe('checkpoint tree', () => {
  it("lists every branch's checkpoints newest first, a branch's first one parented by the checkpoint it branched at", async () => {
    // The branch starts at 01 by reference (its fork checkpoint 04), then saves 05.
    const rows = [link('root', '01', null, 2), link('root', '02', '01', 5), link('root', '03', '02', 8)];
    rows.push(forked('branch', '04', ['root', '01'], 2), link('branch', '05', '04', 4));
    expect(await page(rows, [{ threadId: 'root' }, { threadId: 'branch' }])).toEqual([
      { checkpointId: '05', streamThreadId: 'branch', parentId: '01' },
      { checkpointId: '03', streamThreadId: 'root', parentId: '02' },
      { checkpointId: '02', streamThreadId: 'root', parentId: '01' },
      { checkpointId: '01', streamThreadId: 'root', parentId: null },
    ]);
  });

  it("takes a copy's source checkpoints up to the copy point only, ids kept", async () => {
    const rows = [link('source', '01', null, 2), link('source', '02', '01', 5), link('source', '09', '02', 8)];
    rows.push(forked('copy', '10', ['source', '02'], 5), link('copy', '11', '10', 7));
    const streams = [{ threadId: 'source', upTo: 6 }, { threadId: 'copy' }];
    expect((await page(rows, streams)).map((n) => [n.checkpointId, n.parentId])).toEqual([
      ['11', '02'],
      ['02', '01'],
      ['01', null],
    ]);
    const { linkOf } = store(rows);
    expect(await findRow(streams, '09', linkOf)).toBeNull();
    expect(await findRow(streams, '10', linkOf)).toBeNull();
    expect((await findRow(streams, '02', linkOf))?.thread_id).toBe('source');
  });

  it('pages by `before` across interleaved branches, reading about a page per stream, not the whole thread', async () => {
    const id = (n: number) => String(n).padStart(4, '0');
    const rows: LinkRow[] = [];
    for (let n = 1; n <= 400; n++) rows.push(link(n % 3 === 0 ? 'branch' : 'root', id(n), n === 1 ? null : id(n - 1), n));
    const streams = [{ threadId: 'root' }, { threadId: 'branch' }];
    const all = (await page(rows, streams, null, 1000)).map((n) => n.checkpointId);
    expect(all).toEqual(rows.map((r) => r.checkpoint_id).reverse());
    let before: string | null = null;
    const paged: string[] = [];
    for (;;) {
      const next: string[] = (await page(rows, streams, before, 7)).map((n) => n.checkpointId);
      if (next.length === 0) break;
      paged.push(...next);
      before = next[next.length - 1];
    }
    expect(paged).toEqual(all);

    const { rowsOf, reads } = store(rows);
    const first: string[] = [];
    for await (const row of newestFirst(streams, id(200), 10, rowsOf)) if (first.push(row.checkpoint_id) >= 10) break;
    expect(first).toEqual(all.filter((c) => c < id(200)).slice(0, 10));
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(40);
  });
});
