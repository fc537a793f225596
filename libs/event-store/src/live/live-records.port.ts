/**
 * Live run records: what a run does as it works (attempt starts, node/step starts and ends, token deltas, tool calls,
 * the run's end). An ephemeral companion of the durable log: one sequence per thread, resumable by `seq`, removed
 * after RUN_STREAM_RETENTION, never read by projections. The durable events stay the truth.
 */
export type LiveRecordType =
  /** An attempt of a run begins: `{agent_id, agent_version, attempt, mode, reply_to}`. A new attempt supersedes the earlier one's records. */
  | 'run_started'
  /** A graph node / plan step / tool starts: `{node, step?}`. */
  | 'node_started'
  /** ... and finishes: `{node, status: 'success' | 'failed', duration_ms, input_tokens?, output_tokens?}`. */
  | 'node_finished'
  /**
   * Answer text streamed since the previous delta: `{text}` (batched: at most one every 50 ms, flushed at node boundaries).
   * `{text: '', reset: true}`: a new model stream replaces the answer text so far (a React round that called tools);
   * the answer is the concatenated texts since the attempt's `run_started` or the last reset.
   */
  | 'token_delta'
  /** `{tool_call_id, name, args}` */
  | 'tool_call'
  /** `{tool_call_id, name, output, truncated?}`: `output` is cut at 4,000 characters, and `truncated: true` then says so. */
  | 'tool_result'
  /** The run is over: `{status: 'completed' | 'failed' | 'stopped', message_id?, error?}`. */
  | 'run_ended';

export interface NewLiveRecord {
  runId: string;
  type: LiveRecordType;
  data: Record<string, unknown>;
}

export interface LiveRecord extends NewLiveRecord {
  threadId: string;
  /** 0-based, strictly increasing per thread, never reused (also after expiry). */
  seq: number;
  /** ISO time the record was stored. */
  at: string;
}

export interface LiveRecordStore {
  /**
   * Appends after the thread's last record and returns them with their seqs. One writer per thread at a time: its run.
   * Records of a run of a deleted thread (see `deleteThread`) are dropped: neither stored nor returned.
   */
  append(threadId: string, records: NewLiveRecord[]): Promise<LiveRecord[]>;
  /** The thread's records with seq > `after` (-1: from the first kept), oldest first, at most `limit`. */
  read(threadId: string, after: number, limit?: number): Promise<LiveRecord[]>;
  /** The thread's newest records, newest first, at most `limit`. */
  readLatest(threadId: string, limit: number): Promise<LiveRecord[]>;
  /** `read` from `after`, then every record appended later, by any process, in batches, until the signal aborts. */
  follow(threadId: string, after: number, signal: AbortSignal): AsyncIterable<LiveRecord[]>;
  /** Removes the records of every run whose newest record is older than `now - retentionMs`; returns how many went. */
  expire(retentionMs: number, now?: Date): Promise<number>;
  /**
   * A deleted thread's records go with it, and its runs are refused for good: the runs that wrote to it and `runIds`
   * (every run its log started, also one that has not written yet). A thread created again under the same id starts
   * with no records (its runs are new ones); seqs go on after the deleted thread's.
   */
  deleteThread(threadId: string, runIds?: string[]): Promise<void>;
  /**
   * The runs of a deleted thread whose id was taken again before its records went: their records go and they are
   * refused for good, while the new thread's runs go on (on EventStoreDB their records written before this go too).
   */
  deleteRuns(threadId: string, runIds: string[]): Promise<void>;
  close(): Promise<void>;
}

export const LIVE_RECORDS = Symbol('LIVE_RECORDS');
