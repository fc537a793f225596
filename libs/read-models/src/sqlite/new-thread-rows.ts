import { ReadModelChange } from '../read-model.schema';
import { FoldedUpsert } from './coalesced-changes';
import { STORED } from './stored-tables';

type Write = ReadModelChange | FoldedUpsert;
type Upsert = Extract<Write, { upsert: unknown }>;

/**
 * A commit's writes in order, with each thread's upserts to the shared thread row (at most one per read model) gathered
 * where the first of them was, as one group: the store tries a group as one INSERT of the row. A new thread gets a
 * row from each of six read models, each from its own projector's batch: one statement inserting the row and five
 * rewriting it (and its index entries) cost more than the commit's other writes together.
 *
 * Inserting the group is applying its upserts one by one when the row does not exist (no position to pass, an
 * increment adds to nothing), and is tried only then; on a row that exists they are applied one by one, as
 * always. Models' columns in the row are their own, so their upserts may move within the commit, but a delete may
 * match shared rows by any column: a commit with one keeps its order (no groups).
 */
export function newRowGroups(writes: Write[]): Array<Write | Upsert[]> {
  if (writes.some((w) => 'delete' in w && STORED[w.table].shared)) return writes;
  const out: Array<Write | Upsert[]> = [];
  const groups = new Map<unknown, Upsert[]>();
  for (const w of writes) {
    if ('delete' in w || !STORED[w.table].shared) {
      out.push(w);
      continue;
    }
    const thread = (w.upsert as { thread_id?: unknown }).thread_id;
    const group = groups.get(thread);
    if (group && !group.some((g) => g.table === w.table)) group.push(w);
    else if (group) out.push(w);
    else {
      groups.set(thread, [w]);
      out.push(groups.get(thread)!);
    }
  }
  return out.map((w) => (Array.isArray(w) && w.length === 1 ? w[0] : w));
}
