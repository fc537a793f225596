import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'crypto';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import * as sp from '@eventstore/db-client/generated/streams_pb';
import {
  confirmation,
  FakeRecord,
  streamDeleted,
  streamNotFound,
  success,
  toReadResp,
  wrongExpectedVersion,
} from './fake-eventstoredb-messages';
import { deleteResp, metadataData, streamSubscriptionFilter, truncatedBefore } from './fake-eventstoredb-streams';

/** What the fake saw of one `Streams.Read` call, for assertions on how the client closed it. */
export interface FakeReadCall {
  kind: 'stream' | 'all' | 'subscription';
  backwards: boolean;
  count: number;
  sent: number;
  cancelled: boolean;
  ended: boolean;
}

/** How the next append fails: before anything is written, or after (the client cannot tell which). */
export type AppendFault = { when: 'before' | 'after'; code: grpc.status };

const TOMBSTONE_REVISION = 2n ** 63n - 1n;

/**
 * An in-process EventStoreDB speaking the real gRPC protocol (Streams.Read/Append/Tombstone) on 127.0.0.1,
 * for driving the official client in unit tests. Deliberately the strict reading of the server's promises:
 * idempotency by event id holds only for a specific expected revision, never for `any`.
 */
export class FakeEventStoreDb {
  readonly records: FakeRecord[] = [];
  readonly calls: FakeReadCall[] = [];
  readonly appendFaults: AppendFault[] = [];
  /** Append calls received, faulty ones included. */
  appendCalls = 0;
  private readonly tombstoned = new Set<string>();
  private readonly live = new Set<(r: FakeRecord) => void>();
  private readonly subscriptions = new Map<grpc.ServerWritableStream<sp.ReadReq, sp.ReadResp>, { state: FakeReadCall; stop(): void }>();
  private nextPosition = 1000n;

  private constructor(
    private readonly server: grpc.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeEventStoreDb> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    const fake = new FakeEventStoreDb(server, `esdb://127.0.0.1:${port}?tls=false`);
    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<sp.ReadReq, sp.ReadResp>) => void fake.read(call),
      append: (call: grpc.ServerReadableStream<sp.AppendReq, sp.AppendResp>, done: grpc.sendUnaryData<sp.AppendResp>) =>
        fake.append(call, done),
      tombstone: (call: grpc.ServerUnaryCall<sp.TombstoneReq, sp.TombstoneResp>, done: grpc.sendUnaryData<sp.TombstoneResp>) =>
        fake.tombstone(call.request, done),
      delete: (call: grpc.ServerUnaryCall<sp.DeleteReq, sp.DeleteResp>, done: grpc.sendUnaryData<sp.DeleteResp>) =>
        fake.softDelete(call.request, done),
    });
    return fake;
  }

  /** Writes records directly, as another application sharing the server would; ~1 KB each, so flow control matters. */
  seed(streamId: string, count: number, type = 'Seeded'): FakeRecord[] {
    const from = BigInt(this.streamRecords(streamId).length);
    const data = (i: number) => Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(1000) }));
    return Array.from({ length: count }, (_, i) => this.write(streamId, from + BigInt(i), randomUUID(), type, data(i)));
  }

  streamRecords(streamId: string): FakeRecord[] {
    return this.records.filter((r) => r.streamId === streamId && r.revision !== TOMBSTONE_REVISION);
  }

  /** Read calls neither ended by the server nor cancelled by the client, once the client had time to cancel. */
  async openCalls(waitMs = 3000): Promise<FakeReadCall[]> {
    const open = () => this.calls.filter((c) => !c.cancelled && !c.ended);
    for (const until = Date.now() + waitMs; open().length > 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 10));
    return open();
  }

  /** Ends every live subscription with a server error, as a node restart or a dropped subscription does. */
  dropSubscriptions(code = grpc.status.UNAVAILABLE): void {
    for (const [call, { state, stop }] of this.subscriptions) {
      state.ended = true;
      stop();
      call.emit('error', { code, details: 'dropped by the fake' });
    }
    this.subscriptions.clear();
  }

  async stop(): Promise<void> {
    this.server.forceShutdown();
  }

  private write(streamId: string, revision: bigint, id: string, type: string, data: Buffer, metadata = Buffer.alloc(0)): FakeRecord {
    const record = { streamId, revision, id, type, data, metadata, position: (this.nextPosition += 7n) };
    this.records.push(record);
    for (const notify of this.live) notify(record);
    return record;
  }

  private async read(call: grpc.ServerWritableStream<sp.ReadReq, sp.ReadResp>): Promise<void> {
    const options = call.request.getOptions()!;
    const kind = options.hasSubscription() ? 'subscription' : options.hasStream() ? 'stream' : 'all';
    const backwards = options.getReadDirection() === sp.ReadReq.Options.ReadDirection.BACKWARDS;
    const state: FakeReadCall = { kind, backwards, count: Number(options.getCount() || Infinity), sent: 0, cancelled: false, ended: false };
    this.calls.push(state);
    call.on('cancelled', () => (state.cancelled = true));
    const send = async (message: sp.ReadResp) => {
      if (state.cancelled) return;
      if (call.write(message)) return;
      let resume = () => undefined as void;
      await new Promise<void>((r) => ((resume = r), call.once('drain', resume), call.once('cancelled', resume)));
      call.off('drain', resume).off('cancelled', resume);
    };
    const sendRecord = async (r: FakeRecord) => {
      await send(toReadResp(r));
      state.sent++;
    };
    if (kind === 'stream') {
      const streamId = Buffer.from(options.getStream()!.getStreamIdentifier()!.getStreamName_asU8()).toString();
      const from = truncatedBefore(this.records, streamId);
      let records = this.streamRecords(streamId).filter((r) => r.revision >= from);
      if (records.length === 0 || this.tombstoned.has(streamId)) return this.end(call, state, streamNotFound(streamId));
      const stream = options.getStream()!;
      if (backwards) records = records.reverse();
      if (stream.hasRevision()) {
        const from = BigInt(stream.getRevision());
        records = records.filter((r) => (backwards ? r.revision <= from : r.revision >= from));
      }
      for (const r of records.slice(0, state.count)) await sendRecord(r);
      return this.end(call, state);
    }
    const all = options.getAll();
    const from = all?.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
    if (kind === 'all') {
      // Forwards from P includes P (as the server does); backwards from P starts before it.
      let records = backwards ? [...this.records].reverse() : this.records;
      if (from !== undefined) records = records.filter((r) => (backwards ? r.position < from : r.position >= from));
      for (const r of records.slice(0, state.count)) await sendRecord(r);
      return this.end(call, state);
    }
    const prefixes = options.getFilter()?.getStreamIdentifier()?.getPrefixList() ?? [];
    const wanted = options.hasStream()
      ? streamSubscriptionFilter(options.getStream()!, (streamId) => truncatedBefore(this.records, streamId))
      : (r: FakeRecord) =>
          (from === undefined || r.position > from) && (!prefixes.length || prefixes.some((p) => r.streamId.startsWith(p)));
    const queue = this.records.filter(wanted);
    let wake = () => undefined as void;
    const onRecord = (r: FakeRecord) => (wanted(r) && queue.push(r), wake());
    this.live.add(onRecord);
    const stop = () => (this.live.delete(onRecord), this.subscriptions.delete(call), wake());
    this.subscriptions.set(call, { state, stop });
    call.on('cancelled', stop);
    await send(confirmation());
    while (!state.cancelled && !state.ended) {
      const next = queue.shift();
      if (next) await sendRecord(next);
      else await new Promise<void>((r) => (wake = r));
    }
  }

  private end(call: grpc.ServerWritableStream<sp.ReadReq, sp.ReadResp>, state: FakeReadCall, last?: sp.ReadResp): void {
    if (state.cancelled) return;
    if (last) call.write(last);
    state.ended = true;
    call.end();
  }

  private append(call: grpc.ServerReadableStream<sp.AppendReq, sp.AppendResp>, done: grpc.sendUnaryData<sp.AppendResp>): void {
    const messages: sp.AppendReq[] = [];
    call.on('data', (m: sp.AppendReq) => messages.push(m));
    call.on('end', () => {
      const options = messages[0].getOptions()!;
      const streamId = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString();
      const proposed = messages.slice(1).map((m) => m.getProposedMessage()!);
      this.appendCalls++;
      const fault = this.appendFaults.shift();
      if (fault?.when === 'before') return done({ code: fault.code, details: 'fault before the write' });
      if (this.tombstoned.has(streamId)) return done(streamDeleted(streamId));
      const existing = this.streamRecords(streamId);
      const current = BigInt(existing.length) - 1n;
      const cases = sp.AppendReq.Options.ExpectedStreamRevisionCase;
      const expected = options.getExpectedStreamRevisionCase();
      const specific = expected === cases.REVISION ? BigInt(options.getRevision()) : expected === cases.NO_STREAM ? -1n : undefined;
      const ids = proposed.map((m) => m.getId()!.getString());
      if (specific !== undefined) {
        const at = existing.slice(Number(specific) + 1, Number(specific) + 1 + ids.length);
        if (at.length === ids.length && at.every((r, i) => r.id === ids[i])) return done(null, success(at[at.length - 1]));
      }
      const wrong = specific !== undefined ? specific !== current : expected === cases.STREAM_EXISTS && current < 0n;
      if (wrong) return done(null, wrongExpectedVersion(current));
      let last: FakeRecord | undefined;
      proposed.forEach((m, i) => {
        const type = m.getMetadataMap().get('type')!;
        last = this.write(
          streamId,
          current + 1n + BigInt(i),
          ids[i],
          type,
          Buffer.from(m.getData_asU8()),
          Buffer.from(m.getCustomMetadata_asU8()),
        );
      });
      if (fault) return done({ code: fault.code, details: 'fault after the write' });
      done(null, success(last!));
    });
  }

  /** A soft delete: the stream's records are hidden; appends continue its revisions. */
  private softDelete(request: sp.DeleteReq, done: grpc.sendUnaryData<sp.DeleteResp>): void {
    const streamId = Buffer.from(request.getOptions()!.getStreamIdentifier()!.getStreamName_asU8()).toString();
    if (this.tombstoned.has(streamId)) return done(streamDeleted(streamId));
    const end = BigInt(this.streamRecords(streamId).length);
    const meta = this.write(
      `$$${streamId}`,
      BigInt(this.streamRecords(`$$${streamId}`).length),
      randomUUID(),
      '$metadata',
      metadataData(end),
    );
    done(null, deleteResp(meta.position));
  }

  private tombstone(request: sp.TombstoneReq, done: grpc.sendUnaryData<sp.TombstoneResp>): void {
    const streamId = Buffer.from(request.getOptions()!.getStreamIdentifier()!.getStreamName_asU8()).toString();
    if (this.tombstoned.has(streamId)) return done(streamDeleted(streamId));
    this.tombstoned.add(streamId);
    const record = this.write(streamId, TOMBSTONE_REVISION, randomUUID(), '$streamDeleted', Buffer.alloc(0));
    const position = new sp.TombstoneResp.Position();
    position.setCommitPosition(String(record.position)).setPreparePosition(String(record.position));
    done(null, new sp.TombstoneResp().setPosition(position));
  }
}
