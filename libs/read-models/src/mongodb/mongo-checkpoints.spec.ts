import { positionText } from '../read-model.schema';
import { batchesAhead, checkpointMoves } from './mongo-checkpoints';

describe('MongoDB checkpoints', () => {
  const batch = (subscriber: string, position: bigint) => ({ subscriber, position, changes: [] });

  it('keeps the batches ahead of the checkpoints read once for the commit', () => {
    const read = [
      { _id: 'threads', position: positionText(5n) },
      { _id: 'heads', position: positionText(2n) },
    ];
    const batches = [batch('threads', 5n), batch('heads', 3n), batch('messages', 1n), batch('heads', 3n), batch('threads', 4n)];
    expect(batchesAhead(batches, read)).toEqual([batch('heads', 3n), batch('messages', 1n)]);
  });

  it('moves each checkpoint with $max under an equality filter on its id, inserting it when missing', () => {
    expect(checkpointMoves([batch('threads', 7n), batch('heads', 2n ** 100n)])).toEqual([
      { updateOne: { filter: { _id: 'threads' }, update: { $max: { position: positionText(7n) } }, upsert: true } },
      { updateOne: { filter: { _id: 'heads' }, update: { $max: { position: positionText(2n ** 100n) } }, upsert: true } },
    ]);
  });
});
