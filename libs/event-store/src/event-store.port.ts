/** The append-only log every other part of Forkline is built on. Adapters: SQLite (embedded default), EventStoreDB. */

/** Global log position. Opaque ordering key; compare with `<`. */
export type Position = bigint;

export interface EventMetadata {
  /** User id, or `agent`. */
  actor: string;
  correlationId: string;
  causationId: string | null;
  occurredAt: string;
  schemaVersion: number;
}

export interface NewEvent<D = unknown> {
  eventId: string;
  type: string;
  data: D;
  metadata: EventMetadata;
}

export interface RecordedEvent<D = unknown> extends NewEvent<D> {
  streamId: string;
  /** 0-based index of the event in its stream. */
  revision: number;
  position: Position;
}

/** A revision number (the last event's revision), or one of the usual special expectations. */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

/** One stream's part of an append to several streams at once; `events` may be empty, to check only that it is at `expected`. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: number;
  /** Position of the last appended event (of the existing ones, for an idempotent repeat). */
  position: Position;
}

export interface ReadStreamOptions {
  /** Revision to start from (inclusive). Default: the first (forwards) or last (backwards). */
  fromRevision?: number;
  direction?: 'forwards' | 'backwards';
  limit?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this position; undefined reads from the start. */
  after?: Position;
  limit?: number;
}

export interface SubscribeOptions {
  after?: Position;
  signal: AbortSignal;
  /** Largest batch handed out at once. */
  batchSize?: number;
}

export interface EventStore {
  /**
   * Appends atomically if the stream is at `expected`. If every event id is already in the stream
   * (a retried request), nothing is written and the original result is returned.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Optional: appends to several streams in one write, all or none, each as `append` would (one stream not at its
   * expected revision fails them all with its WrongExpectedRevision). The embedded store has it; EventStoreDB not.
   */
  appendAtomically?(appends: StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from `after`, then follows the live tail, in batches, until the signal aborts. */
  subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]>;
  /**
   * Removes a stream and its events for good (a deleted conversation). On the embedded store a later
   * append starts it anew; on EventStoreDB the name stays retired (appends throw StreamDeleted), which
   * keeps revisions, and so event numbers, from ever continuing past a deletion. Its events are gone from
   * global reads and subscriptions at once; EventStoreDB keeps them on disk until a scavenge.
   */
  deleteStream(streamId: string): Promise<void>;
  /** Position of the newest event in the log, undefined when empty. */
  headPosition(): Promise<Position | undefined>;
  /**
   * Names this log for good: an id made when the log was created, the same on every call and after a restart,
   * different for another log. Read stores record it to refuse projecting from another one.
   */
  identity(): Promise<string>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

export class WrongExpectedRevision extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream '${streamId}' expected at ${expected}, actually at ${actual}`);
    this.name = 'WrongExpectedRevision';
  }
}

/** The stream was deleted for good and cannot take events again (EventStoreDB tombstones). */
export class StreamDeleted extends Error {
  constructor(readonly streamId: string) {
    super(`stream '${streamId}' was deleted and cannot be written again`);
    this.name = 'StreamDeleted';
  }
}

/** An event id reused for a different event: a client bug, never silently accepted. */
export class DuplicateEventId extends Error {
  constructor(readonly eventId: string) {
    super(`event id '${eventId}' is already used by another event`);
    this.name = 'DuplicateEventId';
  }
}

/** The append carries more event data than the store takes at once (EventStoreDB's MaxAppendSize); nothing was written. */
export class AppendTooLarge extends Error {
  constructor(
    readonly streamId: string,
    readonly limit: number,
    readonly size?: number,
  ) {
    super(`the events to store are ${size === undefined ? 'over' : `${size} bytes, over`} the ${limit}-byte limit of one append`);
    this.name = 'AppendTooLarge';
  }
}
