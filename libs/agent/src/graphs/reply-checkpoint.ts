import { BaseMessage } from '@langchain/core/messages';
import {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  CheckpointTuple,
  maxChannelVersion,
  uuid5,
  uuid6,
} from '@langchain/langgraph-checkpoint';
import { appendMessages } from './append-messages';

/** The channels of the chat graph (reply.graph): its state's, its entry's and its two edges'. */
const STATE = ['messages', 'threadEventNumber', 'plan', 'results'];
const START = '__start__';
const TO_RESPOND = 'branch:to:respond';
const TO_RECORD = 'branch:to:record';
const CHANNELS = new Set([...STATE, START, TO_RESPOND, TO_RECORD]);
const PULL = '__pregel_pull';

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

/** How far a run got: the state's messages after its input, after its answer, and the event number of its recorded reply. */
export interface ReplyReached {
  input: BaseMessage[];
  threadEventNumber: number;
  answered?: BaseMessage[];
  recorded?: number;
}

/** The state's messages after a run's input: the add-messages reducer over the checkpoint's, as the entry node applies it. */
export const inputMessages = (saved: CheckpointTuple | undefined, messages: BaseMessage[]): BaseMessage[] =>
  appendMessages((saved?.checkpoint.channel_values.messages as BaseMessage[] | undefined) ?? [], messages);

/** The state's messages after the answer. */
export const answeredMessages = (input: BaseMessage[], answer: BaseMessage): BaseMessage[] => appendMessages(input, [answer]);

/**
 * The checkpoint pregel stores when a chat run (durability 'exit') that started at `saved` (see plainReplyStart) ends:
 * after its four steps (input, __start__, respond, record), or, stopped or failed, after the last it finished. Each step
 * gives the channels it updates one new version above the highest (LangGraph's _applyWrites), an edge's channel is
 * cleared once its node ran, each node's versions seen, the step in the metadata and the id uuid6(step) as pregel makes
 * them. Returns what put() takes, and the task still due (whose error a failed run stores as its pending write).
 */
export function replyCheckpoint(saved: CheckpointTuple | undefined, reached: ReplyReached, nextVersion: NextVersion) {
  const from = saved?.checkpoint;
  const versions: ChannelVersions = { ...(from?.channel_versions ?? {}) };
  // Node -> channel -> version: two levels of plain records, copied as such (structuredClone took some six times as long).
  const seen: Checkpoint['versions_seen'] = {};
  for (const [node, versionsOf] of Object.entries(from?.versions_seen ?? {})) seen[node] = { ...versionsOf };
  const next = (): Version => {
    const all = Object.values(versions);
    return nextVersion((all.length ? maxChannelVersion(...all) : undefined) as number | undefined);
  };
  const set = (channels: string[], version: Version) => channels.forEach((channel) => (versions[channel] = version));
  const values: Record<string, unknown> = {
    messages: reached.input,
    threadEventNumber: reached.threadEventNumber,
    plan: from?.channel_values.plan ?? [],
    results: from?.channel_values.results ?? [],
  };
  // Input: the run's input goes to the entry channel. Then __start__ writes it into the state and triggers respond; its
  // entry channel is cleared.
  seen.__input__ ??= {};
  set([START], next());
  (seen[START] ??= {})[START] = versions[START];
  set(['messages', 'threadEventNumber', TO_RESPOND, START], next());
  let steps = 2;
  let due: { node: string; trigger: string } | undefined = { node: 'respond', trigger: TO_RESPOND };
  values[TO_RESPOND] = null;
  if (reached.answered) {
    // respond wrote the answer and triggered record.
    (seen.respond ??= {})[TO_RESPOND] = versions[TO_RESPOND];
    set(['messages', TO_RECORD, TO_RESPOND], next());
    [steps, due, values.messages, values[TO_RECORD]] = [3, { node: 'record', trigger: TO_RECORD }, reached.answered, null];
    delete values[TO_RESPOND];
  }
  if (reached.answered && reached.recorded !== undefined) {
    // record wrote the event number of the recorded reply.
    (seen.record ??= {})[TO_RECORD] = versions[TO_RECORD];
    set(['threadEventNumber', TO_RECORD], next());
    [steps, due, values.threadEventNumber] = [4, undefined, reached.recorded];
    delete values[TO_RECORD];
  }

  const step = (typeof saved?.metadata?.step === 'number' ? saved.metadata.step : -2) + steps;
  const checkpoint: Checkpoint = {
    v: 4,
    id: uuid6(step),
    ts: new Date().toISOString(),
    channel_values: values,
    channel_versions: versions,
    versions_seen: seen,
  };
  const previous = from?.channel_versions ?? {};
  const newVersions: ChannelVersions = {};
  for (const [channel, version] of Object.entries(versions)) if (previous[channel] !== version) newVersions[channel] = version;
  const metadata: CheckpointMetadata = { source: 'loop', step, parents: {} };
  // The id pregel gives the task it would run next (_prepareSingleTask, a pull task), and its path.
  const task = due && {
    id: uuid5(JSON.stringify([due.node, String(step + 1), due.node, PULL, [due.trigger]]), checkpoint.id),
    path: `~${PULL}, ${due.node}`,
  };
  return { checkpoint, metadata, newVersions, task };
}
