import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'crypto';
import * as sp from '@eventstore/db-client/generated/streams_pb';
import * as shared from '@eventstore/db-client/generated/shared_pb';

/** The protocol messages the fake EventStoreDB answers with (see fake-eventstoredb-server.ts). */

/** One record of the fake's `$all`: commit and prepare positions are both `position`. */
export interface FakeRecord {
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  data: Buffer;
  metadata: Buffer;
  position: bigint;
}

export function toReadResp(r: FakeRecord): sp.ReadResp {
  const recorded = new sp.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(new shared.UUID().setString(r.id));
  recorded.setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(r.streamId)));
  recorded.setStreamRevision(String(r.revision)).setCommitPosition(String(r.position)).setPreparePosition(String(r.position));
  recorded.getMetadataMap().set('type', r.type).set('content-type', 'application/json');
  recorded.setData(r.data).setCustomMetadata(r.metadata);
  return new sp.ReadResp().setEvent(new sp.ReadResp.ReadEvent().setEvent(recorded));
}

export function confirmation(): sp.ReadResp {
  return new sp.ReadResp().setConfirmation(new sp.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()));
}

export function streamNotFound(streamId: string): sp.ReadResp {
  const identifier = new shared.StreamIdentifier().setStreamName(Buffer.from(streamId));
  return new sp.ReadResp().setStreamNotFound(new sp.ReadResp.StreamNotFound().setStreamIdentifier(identifier));
}

export function success(last: FakeRecord): sp.AppendResp {
  const position = new sp.AppendResp.Position().setCommitPosition(String(last.position)).setPreparePosition(String(last.position));
  return new sp.AppendResp().setSuccess(new sp.AppendResp.Success().setCurrentRevision(String(last.revision)).setPosition(position));
}

export function wrongExpectedVersion(current: bigint): sp.AppendResp {
  const wrong = new sp.AppendResp.WrongExpectedVersion();
  if (current < 0n) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(String(current));
  return new sp.AppendResp().setWrongExpectedVersion(wrong);
}

export function streamDeleted(streamId: string): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'stream-deleted');
  metadata.set('stream-name', streamId);
  return Object.assign(new Error('stream deleted'), { code: grpc.status.FAILED_PRECONDITION, details: 'stream deleted', metadata });
}
