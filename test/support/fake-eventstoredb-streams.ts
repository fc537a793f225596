import * as sp from '@eventstore/db-client/generated/streams_pb';
import { FakeRecord } from './fake-eventstoredb-messages';

/**
 * Stream metadata as the fake honours it: a stream's truncateBefore (`$tb` of the newest `$metadata` event in its
 * `$$` stream) hides its older records from stream reads and stream subscriptions, as the server does. A soft
 * delete is a truncation at the stream's end (the server writes `$tb` too); an append after it is visible again.
 */
export function truncatedBefore(records: FakeRecord[], streamId: string): bigint {
  const meta = `$$${streamId}`;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.streamId !== meta || r.type !== '$metadata') continue;
    const tb = (JSON.parse(r.data.toString() || '{}') as { $tb?: number | string }).$tb;
    return tb === undefined ? 0n : BigInt(tb);
  }
  return 0n;
}

export const metadataData = (truncateBefore: bigint) => Buffer.from(JSON.stringify({ $tb: Number(truncateBefore) }));

/** Which records a subscription to one stream delivers: after its start revision (exclusive, as the server's). */
export function streamSubscriptionFilter(stream: sp.ReadReq.Options.StreamOptions, visible: (streamId: string) => bigint) {
  const streamId = Buffer.from(stream.getStreamIdentifier()!.getStreamName_asU8()).toString();
  const after = stream.hasRevision() ? BigInt(stream.getRevision()) : -1n;
  return (r: FakeRecord) => r.streamId === streamId && r.revision > after && r.revision >= visible(streamId) && !r.type.startsWith('$');
}

export function deleteResp(position: bigint): sp.DeleteResp {
  const at = new sp.DeleteResp.Position().setCommitPosition(String(position)).setPreparePosition(String(position));
  return new sp.DeleteResp().setPosition(at);
}
