import { positionText, ReadModelChange } from '../read-model.schema';
import { bulkOperations } from './mongo-row-writes';

const at = (n: bigint) => positionText(n);
const older = (n: bigint) => ({ row_position: { $not: { $gte: at(n) } } });

describe('MongoDB row writes as bulk operations', () => {
  const changes: ReadModelChange[] = [
    { table: 'heads', upsert: { thread_id: 'a', event_number: 0 }, position: 1n },
    { table: 'workflows', upsert: { thread_id: 'a', mode: 'chat' }, increment: { pending: 1 }, position: 2n },
    { table: 'heads', upsert: { thread_id: 'a', event_number: 1 }, position: 2n },
    { table: 'checkpoints', delete: { thread_id: 'a' }, position: 3n },
    { table: 'heads', upsert: { thread_id: 'a', latest_ai_message_id: 'm' }, position: 3n },
  ];

  it('groups the operations per collection, in the order of the changes', () => {
    const ops = bulkOperations(changes);
    expect([...ops.keys()]).toEqual(['heads', 'workflows', 'checkpoints']);
    const positionsOf = (table: 'heads') => ops.get(table)!.map((op) => ('updateOne' in op ? op.updateOne.update : undefined));
    expect(positionsOf('heads').map((u) => JSON.stringify(u).match(/"row_position":"(\d+)"/)![1])).toEqual(
      [1n, 1n, 2n, 2n, 3n, 3n].map(at),
    );
  });

  it('upserts with an insert keyed by equality on the unique key, then an update guarded by the row position', () => {
    expect(bulkOperations([changes[1]]).get('workflows')).toEqual([
      {
        updateOne: {
          filter: { thread_id: 'a' },
          update: { $setOnInsert: { thread_id: 'a', mode: 'chat', pending: 1, row_position: at(2n) } },
          upsert: true,
        },
      },
      {
        updateOne: {
          filter: { thread_id: 'a', ...older(2n) },
          update: { $set: { thread_id: 'a', mode: 'chat', row_position: at(2n) }, $unset: { row_deleted: '' }, $inc: { pending: 1 } },
        },
      },
    ]);
  });

  it('deletes by turning the matching older rows into tombstones that keep only their key and position', () => {
    expect(bulkOperations([changes[3]]).get('checkpoints')).toEqual([
      {
        updateMany: {
          filter: { thread_id: 'a', ...older(3n) },
          update: { $set: { row_deleted: true, row_position: at(3n) }, $unset: { thread_id: '', event_number: '', saved_at: '' } },
        },
      },
    ]);
  });

  it('makes no operations (and so no empty bulkWrite) for no changes', () => {
    expect(bulkOperations([]).size).toBe(0);
  });
});
