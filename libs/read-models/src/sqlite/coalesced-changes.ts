import { Position } from '@forkline/event-store';
import { READ_MODEL_TABLES, ReadModelChange, Row } from '../read-model.schema';

type Upsert = Extract<ReadModelChange, { upsert: unknown }>;

/** A row's run of upserts as one: the run's last position, `from` its first; `parts` are the upserts it folds. */
export type FoldedUpsert = Upsert & { from: Position; parts: Upsert[] };

/**
 * The changes of one commit with each row's run of upserts folded into one, written where the run's first upsert
 * was: a turn's events move a thread's head, workflow, size and run rows several times within one batch, and one
 * write per row is what the batch leaves anyway.
 *
 * Applying a fold equals applying its parts in order when the row is older than its first part (a later value
 * wins, increments add up onto a value the run set or onto the row's, the row keeps the newest position); the store
 * writes it only then, and otherwise (a batch applied again) applies the parts one by one. A delete ends the runs
 * on its table (it may match rows by part of their key), so an upsert after it starts a new one; inserts keep their
 * order within a table (the rowid order some reads break ties by).
 */
export function coalesced(changes: ReadModelChange[]): Array<ReadModelChange | FoldedUpsert> {
  if (changes.length < 2) return changes;
  const out: Array<ReadModelChange | FoldedUpsert> = [];
  /** Where each row's open run is in `out`, by `table|key` (table names have no `|`). */
  const open = new Map<string, number>();
  for (const change of changes) {
    if ('delete' in change) {
      const prefix = `${change.table}|`;
      for (const key of open.keys()) if (key.startsWith(prefix)) open.delete(key);
      out.push(change);
      continue;
    }
    const key = `${change.table}|${rowKey(change)}`;
    const at = open.get(key);
    if (at === undefined) {
      open.set(key, out.length);
      out.push(change);
      continue;
    }
    const run = out[at] as Upsert | FoldedUpsert;
    // The first fold copies the run's upsert: a projector's change is never modified (its caller may hold it).
    const folded =
      'parts' in run
        ? run
        : ({ ...run, upsert: { ...run.upsert }, increment: { ...run.increment }, from: run.position, parts: [run] } as FoldedUpsert);
    out[at] = folded;
    fold(folded, change);
  }
  return out;
}

/** The row's key values (a one-column key, the usual case, as itself; JSON keeps any two keys apart). */
function rowKey(change: Upsert): string {
  const key = READ_MODEL_TABLES[change.table].key as readonly string[];
  const row = change.upsert as Row;
  return key.length === 1 ? String(row[key[0]]) : JSON.stringify(key.map((c) => row[c]));
}

function fold(run: FoldedUpsert, next: Upsert): void {
  run.parts.push(next);
  const set = run.upsert as Row;
  const added = run.increment as Record<string, number>;
  for (const column in next.upsert) {
    set[column] = (next.upsert as Row)[column];
    if (column in added) delete added[column];
  }
  for (const column in next.increment) {
    const by = (next.increment as Record<string, number>)[column];
    if (column in set) set[column] = (Number(set[column]) || 0) + by;
    else added[column] = (added[column] ?? 0) + by;
  }
  run.position = next.position;
}
