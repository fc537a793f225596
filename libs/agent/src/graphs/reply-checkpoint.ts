import { BaseMessage } from '@langchain/core/messages';
import { messagesStateReducer } from '@langchain/langgraph';
import {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  CheckpointTuple,
  maxChannelVersion,
  uuid6,
} from '@langchain/langgraph-checkpoint';

/** The channels of the chat graph (reply.graph): its state's, its entry's and its two edges'. */
const STATE = ['messages', 'threadEventNumber', 'plan', 'results'];
const START = '__start__';
const TO_RESPOND = 'branch:to:respond';
const TO_RECORD = 'branch:to:record';
const CHANNELS = new Set([...STATE, START, TO_RESPOND, TO_RECORD]);

type NextVersion = (current: number | undefined) => number;
export type Version = string | number;

/**
 * Whether a run of the chat graph from this tuple (a thread's newest checkpoint, or none) takes pregel's plain path, the
 * one replyCheckpoint reproduces: the checkpoint holds only the chat graph's channels (not another mode's), no node of it
 * is still due (a failed attempt's checkpoint leaves one, with its error among the pending writes), and no pending writes.
 */
export function plainReplyStart(saved: CheckpointTuple | undefined): boolean {
  if (!saved) return true;
  const { channel_versions, channel_values } = saved.checkpoint;
  return (
    (saved.pendingWrites?.length ?? 0) === 0 &&
    Object.keys(channel_versions).every((channel) => CHANNELS.has(channel)) &&
    [START, TO_RESPOND, TO_RECORD].every((channel) => channel_values[channel] === undefined)
  );
}

/** A run's values after each of its steps: what the graph's nodes computed. */
export interface ReplyValues {
  /** The state's messages after the input (the entry node's write). */
  input: BaseMessage[];
  /** ... and after the answer (the respond node's write). */
  answered: BaseMessage[];
  /** The event number the record node wrote. */
  threadEventNumber: number;
}

/** The state's messages after a run's input: the add-messages reducer over the checkpoint's, as the entry node applies it. */
export const inputMessages = (saved: CheckpointTuple | undefined, messages: BaseMessage[]): BaseMessage[] =>
  messagesStateReducer((saved?.checkpoint.channel_values.messages as BaseMessage[] | undefined) ?? [], messages);

/** The state's messages after the answer. */
export const answeredMessages = (input: BaseMessage[], answer: BaseMessage): BaseMessage[] => messagesStateReducer(input, [answer]);

/**
 * The checkpoint pregel stores at the end of a chat run (durability 'exit') that started at `saved` (see plainReplyStart):
 * four steps (input, __start__, respond, record), each giving the channels it updates one new version above the highest
 * (LangGraph's _applyWrites), an edge's channel cleared once its node ran, the versions each node saw, the step count
 * in the metadata and the id uuid6(step), as pregel makes them. Returns what put() takes.
 */
export function replyCheckpoint(saved: CheckpointTuple | undefined, values: ReplyValues, nextVersion: NextVersion) {
  const from = saved?.checkpoint;
  const versions: ChannelVersions = { ...(from?.channel_versions ?? {}) };
  const seen: Checkpoint['versions_seen'] = structuredClone(from?.versions_seen ?? {});
  const next = (): Version => {
    const all = Object.values(versions);
    return nextVersion((all.length ? maxChannelVersion(...all) : undefined) as number | undefined);
  };
  const set = (channels: string[], version: Version) => channels.forEach((channel) => (versions[channel] = version));
  // Input: the run's input goes to the entry channel.
  seen.__input__ ??= {};
  set([START], next());
  // __start__ writes the input into the state and triggers respond; its entry channel is cleared.
  (seen[START] ??= {})[START] = versions[START];
  set(['messages', 'threadEventNumber', TO_RESPOND, START], next());
  // respond writes the answer and triggers record.
  (seen.respond ??= {})[TO_RESPOND] = versions[TO_RESPOND];
  set(['messages', TO_RECORD, TO_RESPOND], next());
  // record writes the event number of the recorded reply.
  (seen.record ??= {})[TO_RECORD] = versions[TO_RECORD];
  set(['threadEventNumber', TO_RECORD], next());

  const step = (typeof saved?.metadata?.step === 'number' ? saved.metadata.step : -2) + 4;
  const checkpoint: Checkpoint = {
    v: 4,
    id: uuid6(step),
    ts: new Date().toISOString(),
    channel_values: {
      messages: values.answered,
      threadEventNumber: values.threadEventNumber,
      plan: from?.channel_values.plan ?? [],
      results: from?.channel_values.results ?? [],
    },
    channel_versions: versions,
    versions_seen: seen,
  };
  const previous = from?.channel_versions ?? {};
  const newVersions: ChannelVersions = {};
  for (const [channel, version] of Object.entries(versions)) if (previous[channel] !== version) newVersions[channel] = version;
  const metadata: CheckpointMetadata = { source: 'loop', step, parents: {} };
  return { checkpoint, metadata, newVersions };
}
