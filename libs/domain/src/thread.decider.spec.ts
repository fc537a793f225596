import { decide } from './thread.decider';
import { evolve, foldThread, initialThreadState, ThreadState } from './thread.state';
import { InvalidCommand, InvalidForkPoint, ThreadAlreadyExists, ThreadNotFound } from './domain-errors';
import { ThreadCommand } from './thread-commands';
import { ThreadEvent } from './thread-events';

const run = (commands: ThreadCommand[], state: ThreadState = initialThreadState()) =>
  commands.reduce((s, c) => decide(c, s).reduce(evolve, s), state);

describe('thread decider', () => {
  const created = run([{ type: 'CreateThread', threadId: 't', ownerId: 'u' }]);

  it('numbers events from 0 and continues from the head', () => {
    expect(created).toMatchObject({ exists: true, head: 0, base: 0, ownerId: 'u' });
    const [event] = decide({ type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'hi' }, created);
    expect(event).toEqual({ type: 'UserMessageAdded', data: { threadId: 't', messageId: 'm1', content: 'hi', eventNumber: 1 } });
  });

  it("stores a file's text once: in its DocumentAttached, not in the message's file list", () => {
    const file = { id: 'f1', name: 'notes.txt', size: 4, content: 'text' };
    const [message, document] = decide(
      { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'hi', files: [file] },
      created,
    );
    expect(message.data).toMatchObject({ files: [{ id: 'f1', name: 'notes.txt', size: 4 }] });
    expect((message.data as { files: object[] }).files[0]).not.toHaveProperty('content');
    expect(document).toEqual({ type: 'DocumentAttached', data: { threadId: 't', messageId: 'm1', document: file, eventNumber: 2 } });
  });

  it('refuses a second create, a message to a missing thread, and empty content', () => {
    expect(() => decide({ type: 'CreateThread', threadId: 't', ownerId: 'u' }, created)).toThrow(ThreadAlreadyExists);
    expect(() => decide({ type: 'SendMessage', threadId: 'x', userId: 'u', messageId: 'm', content: 'hi' }, initialThreadState())).toThrow(
      ThreadNotFound,
    );
    expect(() => decide({ type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm', content: ' \n' }, created)).toThrow(
      InvalidCommand,
    );
  });

  it("treats another user's thread as missing, for messages and forks alike", () => {
    expect(() => decide({ type: 'SendMessage', threadId: 't', userId: 'mallory', messageId: 'm', content: 'hi' }, created)).toThrow(
      ThreadNotFound,
    );
    const source = { exists: true, ownerId: 'u', head: 0, unansweredAtFork: [] };
    const fork: ThreadCommand = { type: 'ForkThread', threadId: 'f', ownerId: 'mallory', sourceThreadId: 't', fromEventNumber: 0, source };
    expect(() => decide(fork, initialThreadState())).toThrow(ThreadNotFound);
  });

  it('numbers a fork at N from N+1 and carries what was unanswered at N', () => {
    const source = { exists: true, ownerId: 'u', head: 5, unansweredAtFork: [{ messageId: 'm', eventNumber: 5 }] };
    const fork: ThreadCommand = { type: 'ForkThread', threadId: 'f', ownerId: 'u', sourceThreadId: 't', fromEventNumber: 5, source };
    const [event] = decide(fork, initialThreadState());
    expect(event.data).toMatchObject({ eventNumber: 6, fromEventNumber: 5, unanswered: source.unansweredAtFork });
    expect(foldThread([event])).toMatchObject({ base: 6, head: 6, unanswered: source.unansweredAtFork });
    for (const at of [-1, 6, 1.5]) {
      expect(() => decide({ ...fork, fromEventNumber: at } as ThreadCommand, initialThreadState())).toThrow(InvalidForkPoint);
    }
    expect(() => decide({ ...fork, source: { ...source, exists: false } } as ThreadCommand, initialThreadState())).toThrow(ThreadNotFound);
  });

  it('answers messages in order, once: a repeated completion is a no-op', () => {
    let s = run(
      [
        { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'a' },
        { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm2', content: 'b' },
      ],
      created,
    );
    expect(decide({ type: 'StartRun', threadId: 't', runId: 'r2', replyTo: 'm2' }, s)).toEqual([]);
    s = run([{ type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1' }], s);
    expect(decide({ type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1' }, s)).toEqual([]);
    const complete: ThreadCommand = { type: 'CompleteRun', threadId: 't', runId: 'r1', replyTo: 'm1', messageId: 'a1', content: 'A' };
    const events = decide(complete, s);
    expect(events.map((e: ThreadEvent) => [e.type, e.data.eventNumber])).toEqual([
      ['AssistantMessageAdded', 4],
      ['RunCompleted', 5],
    ]);
    s = events.reduce(evolve, s);
    expect(decide(complete, s)).toEqual([]);
    expect(s.unanswered.map((m) => m.messageId)).toEqual(['m2']);
    expect(s.activeRun).toBeNull();
  });

  it('names the agent of a thread and of its forks, and records the agent version each run answers with', () => {
    const onAgent = run([{ type: 'CreateThread', threadId: 'g', ownerId: 'u', agentId: 'a1' }]);
    expect(onAgent).toMatchObject({ agentId: 'a1', ownerId: 'u' });
    expect(created.agentId).toBeNull();
    const source = { exists: true, ownerId: 'u', head: 0, unansweredAtFork: [], agentId: 'a1' };
    const [forked] = decide(
      { type: 'ForkThread', threadId: 'f', ownerId: 'u', sourceThreadId: 'g', fromEventNumber: 0, source },
      initialThreadState(),
    );
    expect(forked.data).toMatchObject({ agentId: 'a1' });
    expect(foldThread([forked]).agentId).toBe('a1');

    const agent = { agentId: 'a1', agentVersion: 3 };
    let s = run(
      [
        { type: 'SendMessage', threadId: 'g', userId: 'u', messageId: 'plain', content: 'a' },
        { type: 'SendMessage', threadId: 'g', userId: 'u', messageId: 'chatty', content: 'b', mode: 'chat' },
      ],
      onAgent,
    );
    // The agent's mode answers a message that names none; a message's own mode wins.
    const [started] = decide({ type: 'StartRun', threadId: 'g', runId: 'r1', replyTo: 'plain', mode: 'react', agent }, s);
    expect(started.data).toEqual({
      threadId: 'g',
      runId: 'r1',
      mode: 'react',
      replyTo: 'plain',
      eventNumber: 3,
      agentId: 'a1',
      agentVersion: 3,
    });
    s = evolve(s, started);
    expect(s.activeRun).toEqual({ runId: 'r1', replyTo: 'plain', mode: 'react', agent });
    s = run([{ type: 'CompleteRun', threadId: 'g', runId: 'r1', replyTo: 'plain', messageId: 'a1', content: 'A' }], s);
    const [second] = decide({ type: 'StartRun', threadId: 'g', runId: 'r2', replyTo: 'chatty', mode: 'react', agent }, s);
    expect(second.data).toMatchObject({ mode: 'chat', agentVersion: 3 });
  });

  it("keeps a deleted thread's id taken until its stream is gone", () => {
    const deleted = run([{ type: 'DeleteThread', threadId: 't', userId: 'u', branchCount: 0 }], created);
    expect(deleted.exists).toBe(false);
    expect(() => decide({ type: 'CreateThread', threadId: 't', ownerId: 'other' }, deleted)).toThrow(ThreadAlreadyExists);
    expect(decide({ type: 'CreateThread', threadId: 't', ownerId: 'other' }, initialThreadState())).toHaveLength(1);
  });

  it('takes a deleted message out of the queue, and ends the run that was answering it', () => {
    let s = run(
      [
        { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'a' },
        { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm2', content: 'b' },
        { type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1' },
      ],
      created,
    );
    s = run([{ type: 'DeleteMessage', threadId: 't', userId: 'u', messageId: 'm2', message: { fileIds: [] } }], s);
    expect(s.unanswered.map((m) => m.messageId)).toEqual(['m1']);
    s = run([{ type: 'DeleteMessage', threadId: 't', userId: 'u', messageId: 'm1', message: { fileIds: [] } }], s);
    expect(s).toMatchObject({ unanswered: [], activeRun: null });
  });

  it("stops one named message's run: a queued one leaves the running one alone; a settled or unknown one stops nothing", () => {
    let s = run(
      [
        { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'a' },
        { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm2', content: 'b' },
        { type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1' },
      ],
      created,
    );
    const [queued] = decide({ type: 'StopRun', threadId: 't', userId: 'u', replyTo: 'm2' }, s);
    expect(queued).toMatchObject({ type: 'RunStopped', data: { runId: null, replyTo: 'm2' } });
    s = evolve(s, queued);
    expect(s).toMatchObject({ unanswered: [{ messageId: 'm1' }], activeRun: { runId: 'r1', replyTo: 'm1' } });
    expect(decide({ type: 'StopRun', threadId: 't', userId: 'u', replyTo: 'm2' }, s)).toEqual([]);
    expect(decide({ type: 'StopRun', threadId: 't', userId: 'u', replyTo: 'nope' }, s)).toEqual([]);
    const [active] = decide({ type: 'StopRun', threadId: 't', userId: 'u', replyTo: 'm1' }, s);
    expect(active).toMatchObject({ type: 'RunStopped', data: { runId: 'r1', replyTo: 'm1' } });
    expect(evolve(s, active)).toMatchObject({ unanswered: [], activeRun: null });
  });

  it('settles a message whose run failed, so the queue moves on', () => {
    let s = run(
      [
        { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'a' },
        { type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1' },
      ],
      created,
    );
    s = run([{ type: 'FailRun', threadId: 't', runId: 'r1', replyTo: 'm1', error: 'boom' }], s);
    expect(s).toMatchObject({ unanswered: [], activeRun: null, head: 3 });
    expect(decide({ type: 'FailRun', threadId: 't', runId: 'r1', replyTo: 'm1', error: 'boom' }, s)).toEqual([]);
  });
});

describe('thread decider: clearing the history', () => {
  const start = run([
    { type: 'CreateThread', threadId: 't', ownerId: 'u' },
    { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'one' },
    { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm2', content: 'two' },
    { type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1', workerId: 'w' },
  ]);
  const clear = { type: 'ClearHistory', threadId: 't', userId: 'u' } as const;

  it('stops every waiting message (the one being answered with its run) and then records HistoryCleared', () => {
    expect(decide(clear, start)).toEqual([
      { type: 'RunStopped', data: { threadId: 't', runId: 'r1', replyTo: 'm1', eventNumber: 4 } },
      { type: 'RunStopped', data: { threadId: 't', runId: null, replyTo: 'm2', eventNumber: 5 } },
      { type: 'HistoryCleared', data: { threadId: 't', eventNumber: 6 } },
    ]);
    const idle = run([{ type: 'CreateThread', threadId: 't', ownerId: 'u' }]);
    expect(decide(clear, idle)).toEqual([{ type: 'HistoryCleared', data: { threadId: 't', eventNumber: 1 } }]);
  });

  it('refuses a late answer, partial answer, failure or log of a run from before the clear, and answers what comes after', () => {
    const cleared = run([clear], start);
    expect(cleared).toMatchObject({ unanswered: [], activeRun: null, stoppedRun: null, head: 6 });
    const reply = { threadId: 't', runId: 'r1', replyTo: 'm1', messageId: 'a1', content: 'late', claim: { workerId: 'w', attempt: 1 } };
    expect(decide({ type: 'CompleteRun', ...reply }, cleared)).toEqual([]);
    expect(decide({ type: 'RecordPartialReply', ...reply }, cleared)).toEqual([]);
    expect(decide({ type: 'FailRun', ...reply, error: 'x' }, cleared)).toEqual([]);
    expect(
      decide({ type: 'RecordLog', threadId: 't', runId: 'r1', logId: 'l', level: 'info', message: 'x', claim: reply.claim }, cleared),
    ).toEqual([]);
    expect(decide({ type: 'StartRun', threadId: 't', runId: 'r2', replyTo: 'm2' }, cleared)).toEqual([]);
    const next = run([{ type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm3', content: 'three' }], cleared);
    expect(next.unanswered.map((m) => m.messageId)).toEqual(['m3']);
  });

  it("refuses a missing thread and another user's thread alike", () => {
    expect(() => decide(clear, initialThreadState())).toThrow(ThreadNotFound);
    expect(() => decide({ ...clear, userId: 'other' }, start)).toThrow(ThreadNotFound);
  });
});

describe('thread decider: run claims fence out a worker that lost its run', () => {
  const created = run([
    { type: 'CreateThread', threadId: 't', ownerId: 'u' },
    { type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'a' },
  ]);
  const started = run([{ type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1', workerId: 'w1' }], created);
  const a1 = { workerId: 'w1', attempt: 1 };
  const a2 = { workerId: 'w2', attempt: 2 };
  const resumed = run([{ type: 'ResumeRun', threadId: 't', runId: 'r1', attempt: 2, workerId: 'w2' }], started);
  const complete = (claim: { workerId: string; attempt: number }): ThreadCommand => ({
    type: 'CompleteRun',
    threadId: 't',
    runId: 'r1',
    replyTo: 'm1',
    messageId: 'a1',
    content: 'A',
    claim,
  });

  it('records the claimant of a run as attempt 1, and a takeover as the next attempt, once', () => {
    expect(started.activeRun?.claim).toEqual({ workerId: 'w1', attempt: 1, eventNumber: 2 });
    // Another worker already started it: nothing to start; nor while another message's run is active.
    expect(decide({ type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1', workerId: 'w2' }, started)).toEqual([]);
    expect(resumed.activeRun?.claim).toEqual({ workerId: 'w2', attempt: 2, eventNumber: 3 });
    const [event] = decide({ type: 'ResumeRun', threadId: 't', runId: 'r1', attempt: 2, workerId: 'w2' }, started);
    expect(event).toEqual({
      type: 'RunResumed',
      data: { threadId: 't', runId: 'r1', replyTo: 'm1', attempt: 2, workerId: 'w2', eventNumber: 3 },
    });
    // A second claim of attempt 2 (a competing taker), a skipped attempt, or another run's: refused.
    expect(decide({ type: 'ResumeRun', threadId: 't', runId: 'r1', attempt: 2, workerId: 'w3' }, resumed)).toEqual([]);
    expect(decide({ type: 'ResumeRun', threadId: 't', runId: 'r1', attempt: 4, workerId: 'w3' }, resumed)).toEqual([]);
    expect(decide({ type: 'ResumeRun', threadId: 't', runId: 'r9', attempt: 2, workerId: 'w3' }, started)).toEqual([]);
  });

  it("refuses the logs, answer and failure of an attempt that is not the current one, and takes the current one's", () => {
    const log = (claim: { workerId: string; attempt: number }): ThreadCommand => ({
      type: 'RecordLog',
      threadId: 't',
      runId: 'r1',
      logId: 'l',
      level: 'info',
      message: 'x',
      claim,
    });
    const fail = (claim: { workerId: string; attempt: number }): ThreadCommand => ({
      type: 'FailRun',
      threadId: 't',
      runId: 'r1',
      replyTo: 'm1',
      error: 'e',
      claim,
    });
    for (const stale of [a1, { workerId: 'w1', attempt: 2 }, { workerId: 'w2', attempt: 1 }]) {
      expect(decide(log(stale), resumed)).toEqual([]);
      expect(decide(complete(stale), resumed)).toEqual([]);
      expect(decide(fail(stale), resumed)).toEqual([]);
    }
    const [logged] = decide(log(a2), resumed);
    expect(logged.data).not.toHaveProperty('claim');
    expect(decide(complete(a2), resumed).map((e) => e.type)).toEqual(['AssistantMessageAdded', 'RunCompleted']);
    expect(decide(fail(a2), resumed).map((e) => e.type)).toEqual(['RunFailed']);
    expect(decide(complete(a1), started)).toHaveLength(2);
  });

  it("keeps a stopped run's partial answer only from the attempt that was running it", () => {
    const stopped = run([{ type: 'StopRun', threadId: 't', userId: 'u' }], resumed);
    expect(stopped.stoppedRun).toEqual({ runId: 'r1', replyTo: 'm1', claim: { workerId: 'w2', attempt: 2, eventNumber: 3 } });
    const partial = (claim: { workerId: string; attempt: number }): ThreadCommand => ({
      type: 'RecordPartialReply',
      threadId: 't',
      runId: 'r1',
      replyTo: 'm1',
      messageId: 'a1',
      content: 'A',
      claim,
    });
    expect(decide(partial(a1), stopped)).toEqual([]);
    expect(decide(partial(a2), stopped).map((e) => e.type)).toEqual(['AssistantMessageAdded']);
  });
});

describe('thread decider: a prepared reply (an annotation answer)', () => {
  const created = run([{ type: 'CreateThread', threadId: 't', ownerId: 'u' }]);

  it('appends a prepared reply with its message in one decision, only when nothing else waits for an answer', () => {
    const reply = { runId: 'r1', messageId: 'a1', content: 'From an annotation.' };
    const send = (messageId: string): ThreadCommand => ({
      type: 'SendMessage',
      threadId: 't',
      userId: 'u',
      messageId,
      content: 'hi',
      reply,
    });
    const events = decide(send('m1'), created);
    expect(events.map((e) => [e.type, e.data.eventNumber])).toEqual([
      ['UserMessageAdded', 1],
      ['RunStarted', 2],
      ['AssistantMessageAdded', 3],
      ['RunCompleted', 4],
    ]);
    expect(events[2].data).toMatchObject({ messageId: 'a1', content: 'From an annotation.', runId: 'r1', replyTo: 'm1' });
    const answered = events.reduce(evolve, created);
    expect(answered).toMatchObject({ unanswered: [], activeRun: null });
    // A message still waiting: the new one queues behind it and the agent answers both, in order.
    const waiting = run([{ type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm2', content: 'first' }], answered);
    expect(decide(send('m3'), waiting).map((e) => e.type)).toEqual(['UserMessageAdded']);
  });
});
