import { decidePin } from './conversation-pin.decider';
import { decideDify } from './dify-thread.decider';
import { decideLangGraph } from './langgraph-thread.decider';
import { EndOfRunStats, RunClaim, ThreadCommand } from './thread-commands';
import { RunMode, ThreadEvent } from './thread-events';
import { HeldClaim, ThreadState } from './thread.state';
import { InvalidCommand, InvalidForkPoint, NotFound, ThreadAlreadyExists, ThreadHasBranches, ThreadNotFound } from './domain-errors';

type Undated<E> = E extends { type: infer T; data: infer D } ? { type: T; data: Omit<D, 'eventNumber'> } : never;
type NewThreadEvent = Undated<ThreadEvent>;

/** Decides which events a command produces; numbers them from the state's head. Throws a DomainError to refuse. */
export function decide(command: ThreadCommand, state: ThreadState): ThreadEvent[] {
  const numbered = (events: NewThreadEvent[], first = state.head + 1) =>
    events.map((e, i) => ({ ...e, data: { ...e.data, eventNumber: first + i } }) as ThreadEvent);
  const { threadId } = command;

  switch (command.type) {
    case 'CreateThread':
      // A deleted thread's id stays taken until its stream is removed (head >= 0 until then).
      if (state.exists || state.head >= 0) throw new ThreadAlreadyExists(threadId);
      return numbered(
        [{ type: 'ThreadCreated', data: { threadId, ownerId: command.ownerId, ...(command.agentId && { agentId: command.agentId }) } }],
        0,
      );

    case 'ForkThread': {
      if (state.exists || state.head >= 0) throw new ThreadAlreadyExists(threadId);
      const { source, fromEventNumber, sourceThreadId, ownerId } = command;
      // Another user's thread is reported exactly like a missing one.
      if (!source.exists || source.ownerId !== ownerId) throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
      if (!Number.isInteger(fromEventNumber) || fromEventNumber < 0 || fromEventNumber > source.head) {
        throw new InvalidForkPoint(fromEventNumber, source.head);
      }
      const data = {
        threadId,
        ownerId,
        sourceThreadId,
        fromEventNumber,
        unanswered: source.unansweredAtFork,
        ...(source.agentId && { agentId: source.agentId }),
      };
      return numbered([{ type: 'ThreadForked', data }], fromEventNumber + 1);
    }

    case 'SendMessage': {
      requireOwnThread(state, command);
      if (command.content.trim() === '') throw new InvalidCommand('content must not be empty', 'content');
      const { messageId, content, mode, files, metadata } = command;
      const message = {
        threadId,
        messageId,
        content,
        ...(mode && { mode }),
        // The message lists its files without their text: each DocumentAttached carries it, once (issue 11 item 4).
        ...(files?.length && { files: files.map(({ content: _, ...reference }) => reference) }),
        ...(metadata && { metadata }),
      };
      const documents = (files ?? []).map((document): NewThreadEvent => ({
        type: 'DocumentAttached',
        data: { threadId, messageId, document },
      }));
      const reply = command.reply && !state.activeRun && state.unanswered.length === 0 ? preparedReply(command, command.reply) : [];
      return numbered([{ type: 'UserMessageAdded', data: message }, ...documents, ...reply]);
    }

    case 'UpdateThread': {
      requireOwnThread(state, command);
      const { name, description, tags } = command;
      return numbered([
        {
          type: 'ThreadUpdated',
          data: { threadId, ...(name !== undefined && { name }), ...(description !== undefined && { description }), ...(tags && { tags }) },
        },
      ]);
    }

    case 'DeleteMessage':
      requireOwnThread(state, command);
      if (!command.message) throw new NotFound(`message '${command.messageId}' not found in workflow '${threadId}'`, 'messageId');
      return numbered([{ type: 'MessageDeleted', data: { threadId, messageId: command.messageId } }]);

    case 'RemoveMessageFile': {
      requireOwnThread(state, command);
      const { messageId, fileId, message } = command;
      if (!message) throw new NotFound(`message '${messageId}' not found in workflow '${threadId}'`, 'messageId');
      if (!message.fileIds.includes(fileId)) throw new NotFound(`file '${fileId}' not found on message '${messageId}'`, 'fileId');
      return numbered([{ type: 'MessageFileRemoved', data: { threadId, messageId, fileId } }]);
    }

    case 'DeleteThread':
      requireOwnThread(state, command);
      if (command.branchCount > 0) throw new ThreadHasBranches(threadId, command.branchCount);
      return numbered([{ type: 'ThreadDeleted', data: { threadId } }]);

    case 'StopRun': {
      requireOwnThread(state, command);
      // Stops the run in progress, or the message about to be answered; nothing to stop is not an error.
      // With a message named, only that message's run (a run of another message, or a settled one, is left alone).
      const active = state.activeRun;
      const replyTo = command.replyTo ?? active?.replyTo ?? state.unanswered[0]?.messageId;
      if (!replyTo || (command.replyTo && active?.replyTo !== replyTo && !state.unanswered.some((m) => m.messageId === replyTo))) return [];
      return numbered([{ type: 'RunStopped', data: { threadId, runId: active?.replyTo === replyTo ? active.runId : null, replyTo } }]);
    }

    case 'ClearHistory': {
      requireOwnThread(state, command);
      // Each waiting message ends as stopped (its run, when it is the one being answered), so no answer to a message
      // before the clear can come after it: the stopped run keeps no partial answer (HistoryCleared drops stoppedRun).
      const stops = state.unanswered.map((m): NewThreadEvent => {
        const runId = state.activeRun?.replyTo === m.messageId ? state.activeRun.runId : null;
        return { type: 'RunStopped', data: { threadId, runId, replyTo: m.messageId } };
      });
      return numbered([...stops, { type: 'HistoryCleared', data: { threadId } }]);
    }

    case 'StartRun': {
      requireThread(state, threadId);
      // Already started (by this worker or another: the caller reads who holds it), or another message's run is
      // active (a competing worker moved on meanwhile): nothing to start; the agent looks again.
      if (state.activeRun) return [];
      const next = state.unanswered[0];
      // Stopped or settled meanwhile: nothing to start; the agent looks again at what is next.
      if (next?.messageId !== command.replyTo) return [];
      const { runId, replyTo, workerId } = command;
      const claim = workerId !== undefined ? { workerId, attempt: 1 } : {};
      return numbered([
        { type: 'RunStarted', data: { threadId, runId, mode: next.mode ?? command.mode ?? 'chat', replyTo, ...command.agent, ...claim } },
      ]);
    }

    case 'ResumeRun': {
      requireThread(state, threadId);
      const active = state.activeRun;
      // Over meanwhile, or another worker took this attempt first (the fence: one holder per attempt).
      if (active?.runId !== command.runId || command.attempt !== (active.claim?.attempt ?? 1) + 1) return [];
      const { runId, attempt, workerId } = command;
      return numbered([{ type: 'RunResumed', data: { threadId, runId, replyTo: active.replyTo, attempt, workerId } }]);
    }

    case 'RecordLog': {
      requireThread(state, threadId);
      // Logs of a run that was stopped meanwhile, or of an attempt that lost its lease, are dropped.
      if (state.activeRun?.runId !== command.runId || !holds(state.activeRun.claim, command.claim)) return [];
      const { type: _, claim: __, ...data } = command;
      return numbered([{ type: 'LogRecorded', data }]);
    }

    case 'CompleteRun': {
      requireThread(state, threadId);
      // Already answered (or stopped): a redelivered or replayed completion is a no-op, never a second reply.
      if (!state.unanswered.some((m) => m.messageId === command.replyTo)) return [];
      // A worker that lost the run (its lease expired and another took it over) never answers it.
      if (command.claim && (state.activeRun?.runId !== command.runId || !holds(state.activeRun.claim, command.claim))) return [];
      const { runId, replyTo, messageId, content } = command;
      return numbered([
        { type: 'AssistantMessageAdded', data: { threadId, messageId, content, runId, replyTo } },
        ...statEvents(threadId, runId, command.stats),
        { type: 'RunCompleted', data: { threadId, runId, replyTo } },
      ]);
    }

    case 'RecordPartialReply': {
      requireThread(state, threadId);
      if (state.stoppedRun?.runId !== command.runId || !holds(state.stoppedRun.claim, command.claim)) return [];
      const { runId, replyTo, messageId, content } = command;
      return numbered([
        { type: 'AssistantMessageAdded', data: { threadId, messageId, content, runId, replyTo, stopped: true } },
        ...statEvents(threadId, runId, command.stats),
      ]);
    }

    case 'FailRun': {
      requireThread(state, threadId);
      if (!state.unanswered.some((m) => m.messageId === command.replyTo)) return [];
      if (command.claim && (state.activeRun?.runId !== command.runId || !holds(state.activeRun.claim, command.claim))) return [];
      const { runId, replyTo, error } = command;
      return numbered([...statEvents(threadId, runId, command.stats), { type: 'RunFailed', data: { threadId, runId, replyTo, error } }]);
    }

    case 'RecordFeedback':
    case 'UpdateConversationVariable':
      return decideDify(command, state);

    case 'PinConversation':
    case 'UnpinConversation':
      return decidePin(command, state);

    case 'SetLangGraphMetadata':
    case 'MarkLangGraphBranch':
      return decideLangGraph(command, state);
  }
}

/** The run of a message answered without the model: started, answered and completed at once. */
function preparedReply(
  command: { threadId: string; messageId: string; mode?: RunMode },
  reply: { runId: string; messageId: string; content: string; agent?: { agentId: string; agentVersion: number } },
): NewThreadEvent[] {
  const { threadId, messageId: replyTo } = command;
  const { runId, content } = reply;
  return [
    { type: 'RunStarted', data: { threadId, runId, mode: command.mode ?? 'chat', replyTo, ...reply.agent } },
    { type: 'AssistantMessageAdded', data: { threadId, messageId: reply.messageId, content, runId, replyTo } },
    { type: 'RunCompleted', data: { threadId, runId, replyTo } },
  ];
}

function statEvents(threadId: string, runId: string, stats?: EndOfRunStats): NewThreadEvent[] {
  return stats ? [{ type: 'StatRecorded', data: { threadId, runId, ...stats } }] : [];
}

/** A command that names a claim is the run's only if that claim is the current one; one that names none is not fenced. */
function holds(current: HeldClaim | undefined, claim: RunClaim | undefined): boolean {
  return !claim || (current?.workerId === claim.workerId && current.attempt === claim.attempt);
}

function requireThread(state: ThreadState, threadId: string): void {
  if (!state.exists) throw new ThreadNotFound(threadId);
}

/** Another user's thread is reported exactly like a missing one. */
function requireOwnThread(state: ThreadState, command: { threadId: string; userId: string }): void {
  if (!state.exists || state.ownerId !== command.userId) throw new ThreadNotFound(command.threadId);
}
