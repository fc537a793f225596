import { DELETIONS_STREAM, ThreadEvent, threadIdOfStream, threadStreamId } from '@forkline/domain';
import { readAllPages, RecordedEvent, ThreadLineage } from '@forkline/event-store';
import { CliContext, UsageError } from '../cli-context';

/** `audit <thread_id>`: who did what, when, in a thread's history; `audit --user <id> [--since <time>]`: across threads. */
export async function auditCommand(ctx: CliContext, args: string[], flags: Record<string, string | boolean | undefined>): Promise<void> {
  const { eventStore } = ctx.backends;
  if (typeof flags.user === 'string') {
    const since = flags.since === undefined ? 0 : Date.parse(String(flags.since));
    if (Number.isNaN(since)) throw new UsageError(`--since must be a date or time (ISO 8601), got '${flags.since}'`);
    for await (const page of readAllPages(eventStore)) {
      for (const e of page) {
        if (e.metadata.actor === flags.user && Date.parse(e.metadata.occurredAt) >= since)
          ctx.out(`${e.metadata.occurredAt}  ${e.streamId}  ${describe(e)}`);
      }
    }
    return;
  }
  const [threadId] = args;
  if (!threadId) throw new UsageError('audit needs a thread id, or --user <id> [--since <time>]');
  const history = await new ThreadLineage(eventStore).recordsUpTo(threadId, Number.MAX_SAFE_INTEGER);
  for (const e of history) {
    const inherited = e.streamId !== threadStreamId(threadId) ? `  (from ${threadIdOfStream(e.streamId)})` : '';
    ctx.out(`${e.metadata.occurredAt}  #${String((e.data as { eventNumber: number }).eventNumber).padEnd(4)} ${describe(e)}${inherited}`);
  }
  const deletions = (await eventStore.readStream(DELETIONS_STREAM)).filter((e) => (e.data as { threadId: string }).threadId === threadId);
  for (const e of deletions) ctx.out(`${e.metadata.occurredAt}  ${describe(e)}`);
  if (history.length === 0 && deletions.length === 0) throw new UsageError(`thread '${threadId}' not found`);
}

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
const quote = (text: string) => JSON.stringify(clip(text));

/** One event in words. */
function describe(recorded: RecordedEvent): string {
  const who = recorded.metadata.actor;
  if (recorded.type === 'ThreadStreamDeleted') return `${who} deleted the thread; its streams were removed from the event store`;
  const e = { type: recorded.type, data: recorded.data } as ThreadEvent;
  switch (e.type) {
    case 'ThreadCreated':
      return `${who} created the thread`;
    case 'ThreadForked':
      return `${who} forked it from ${e.data.sourceThreadId} at #${e.data.fromEventNumber}`;
    case 'UserMessageAdded':
      return `${who} said ${quote(e.data.content)}${e.data.mode && e.data.mode !== 'chat' ? ` (${e.data.mode})` : ''}`;
    case 'RunStarted':
      return `${who} started run ${e.data.runId} (${e.data.mode}) for message ${e.data.replyTo}`;
    case 'RunResumed':
      return `${who} took run ${e.data.runId} over as attempt ${e.data.attempt} (worker ${e.data.workerId})`;
    case 'AssistantMessageAdded':
      return `${who} answered${e.data.stopped ? ' (stopped; partial answer kept)' : ''} ${quote(e.data.content)}`;
    case 'RunCompleted':
      return `run ${e.data.runId} completed`;
    case 'RunFailed':
      return `run ${e.data.runId} failed: ${e.data.error}`;
    case 'RunStopped':
      return `${who} stopped ${e.data.runId ? `run ${e.data.runId}` : `message ${e.data.replyTo} before it ran`}`;
    case 'LogRecorded':
      return `${who} logged [${e.data.level}] ${e.data.message}`;
    case 'StatRecorded':
      return `run ${e.data.runId} used ${e.data.inputTokens}+${e.data.outputTokens} tokens in ${e.data.latencyMs} ms`;
    case 'ThreadUpdated':
      return `${who} updated ${Object.entries(e.data)
        .filter(([k]) => k !== 'threadId' && k !== 'eventNumber')
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ')}`;
    case 'DocumentAttached':
      return `${who} attached ${e.data.document.name} (${e.data.document.id}) to message ${e.data.messageId}`;
    case 'MessageDeleted':
      return `${who} deleted message ${e.data.messageId}`;
    case 'MessageFileRemoved':
      return `${who} removed file ${e.data.fileId} from message ${e.data.messageId}`;
    case 'HistoryCleared':
      return `${who} cleared the history (the agent forgets everything before #${e.data.eventNumber})`;
    case 'ThreadDeleted':
      return `${who} deleted the thread`;
    case 'MessageFeedbackRecorded':
      return e.data.rating === null
        ? `end user ${e.data.endUserId} revoked their feedback on message ${e.data.messageId}`
        : `end user ${e.data.endUserId} rated message ${e.data.messageId} '${e.data.rating}'${e.data.content ? ` ${quote(e.data.content)}` : ''}`;
    case 'ConversationPinned':
      return `end user ${e.data.endUserId} pinned the conversation`;
    case 'ConversationUnpinned':
      return `end user ${e.data.endUserId} unpinned the conversation`;
    case 'ConversationVariableUpdated':
      return `end user ${e.data.endUserId} set variable ${e.data.name} (${e.data.variableId}) to ${clip(JSON.stringify(e.data.value) ?? 'null')}`;
    case 'LangGraphMetadataSet':
      return `${who} set the LangGraph thread metadata to ${clip(JSON.stringify(e.data.metadata))}`;
    case 'LangGraphBranchMarked':
      return `${who} made the thread a branch of LangGraph thread ${e.data.langgraphThreadId} at checkpoint ${e.data.checkpointId}`;
    default:
      return `${who}: ${recorded.type} ${JSON.stringify(recorded.data)}`;
  }
}
