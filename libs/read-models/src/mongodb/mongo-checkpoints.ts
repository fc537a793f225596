import { AnyBulkWriteOperation } from 'mongodb';
import { Position } from '@forkline/event-store';
import { positionText } from '../read-model.schema';
import { SubscriberBatch } from '../read-store.port';

export const CHECKPOINTS = 'projection_checkpoints';

/** A subscriber's checkpoint document: the position as fixed-width text (string order is numeric order). */
export interface Checkpoint {
  _id: string;
  position: string;
}

/** The batches ahead of their subscriber's checkpoint (read once for the whole commit); a later batch of the same subscriber must be ahead of the earlier. */
export function batchesAhead(batches: SubscriberBatch[], checkpoints: Checkpoint[]): SubscriberBatch[] {
  const reached = new Map<string, Position>(checkpoints.map((c) => [c._id, BigInt(c.position)]));
  return batches.filter(({ subscriber, position }) => {
    const at = reached.get(subscriber);
    if (at !== undefined && at >= position) return false;
    reached.set(subscriber, position);
    return true;
  });
}

/**
 * Moves each checkpoint with `$max`, so it is never lowered, under an equality filter on `_id`: a missing
 * checkpoint is inserted, and two writers inserting it at once do not fail on a duplicate key (the server
 * retries such an upsert). A `{ position: { $lt } }` filter would instead try an insert when the checkpoint
 * is ahead and fail with E11000, which must never be caught inside a transaction.
 */
export function checkpointMoves(batches: SubscriberBatch[]): AnyBulkWriteOperation<Checkpoint>[] {
  return batches.map(({ subscriber, position }) => ({
    updateOne: { filter: { _id: subscriber }, update: { $max: { position: positionText(position) } }, upsert: true },
  }));
}
