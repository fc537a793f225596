/**
 * Every stream Forkline writes, named once. The EventStoreDB subscription filter is built from
 * FORKLINE_STREAM_PREFIXES, so a new kind of stream is added here or its events never reach the projections.
 */
export const THREAD_STREAM_PREFIX = 'thread-';
export const CHECKPOINT_STREAM_PREFIX = 'checkpoints-';
export const AGENT_STREAM_PREFIX = 'agent-';
/** A user's slug index: write-side only (read by stream, never projected), so it is not among the projected prefixes. */
export const AGENT_SLUGS_STREAM_PREFIX = 'agentslugs-';
/** A thread's forks, where a fork and a delete of the thread meet: write-side only, like the slug index. */
export const FORKS_STREAM_PREFIX = 'forks-';
/** An app's end user (one event, at its first use): write-side only, read by stream like the slug index. */
export const END_USER_STREAM_PREFIX = 'enduser-';
/** An app's annotations and its annotation-reply setting (Dify's), one stream per app: projected to the `annotations` read model. */
export const ANNOTATIONS_STREAM_PREFIX = 'annotations-';
/** A site code's claims (the Dify web API's `X-App-Code`, unique across users): write-side only, like the slug index. */
export const SITE_CODE_STREAM_PREFIX = 'sitecode-';
/** One stream for the whole store: the record left behind when a deleted thread's streams are removed. */
export const DELETIONS_STREAM = 'deletions';

export const FORKLINE_STREAM_PREFIXES: readonly string[] = [
  THREAD_STREAM_PREFIX,
  CHECKPOINT_STREAM_PREFIX,
  DELETIONS_STREAM,
  AGENT_STREAM_PREFIX,
  ANNOTATIONS_STREAM_PREFIX,
];

/**
 * A thread's live run records on EventStoreDB. Deliberately NOT in FORKLINE_STREAM_PREFIXES: projections and
 * rebuilds never read them.
 */
export const LIVE_STREAM_PREFIX = 'live-';

/**
 * A thread's run leases (who runs its active run, renewed while it runs). Write-side only, like the slug index: NOT
 * in FORKLINE_STREAM_PREFIXES, so renewals never reach projections and never use a thread event number.
 */
export const LEASE_STREAM_PREFIX = 'lease-';

export const threadStreamId = (threadId: string) => `${THREAD_STREAM_PREFIX}${threadId}`;
/** LangGraph checkpoints live beside the thread, so they never use a thread event number. */
export const checkpointStreamId = (threadId: string) => `${CHECKPOINT_STREAM_PREFIX}${threadId}`;

export const forksStreamId = (threadId: string) => `${FORKS_STREAM_PREFIX}${threadId}`;

export const liveStreamId = (threadId: string) => `${LIVE_STREAM_PREFIX}${threadId}`;

export const leaseStreamId = (threadId: string) => `${LEASE_STREAM_PREFIX}${threadId}`;

export function threadIdOfStream(streamId: string): string | null {
  return streamId.startsWith(THREAD_STREAM_PREFIX) ? streamId.slice(THREAD_STREAM_PREFIX.length) : null;
}

export const agentStreamId = (agentId: string) => `${AGENT_STREAM_PREFIX}${agentId}`;
export const agentSlugsStreamId = (ownerId: string) => `${AGENT_SLUGS_STREAM_PREFIX}${ownerId}`;
export const endUserStreamId = (endUserId: string) => `${END_USER_STREAM_PREFIX}${endUserId}`;
export const annotationsStreamId = (agentId: string) => `${ANNOTATIONS_STREAM_PREFIX}${agentId}`;
export const siteCodeStreamId = (code: string) => `${SITE_CODE_STREAM_PREFIX}${code}`;
