import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DifyError } from '../../dify-error';
import { SseStream } from '../../sse-stream';
import { FeedCursor } from '../../../infrastructure/thread-feed/feed-cursor';
import { ChatCompletionResponse } from './chat-message.dto';
import { ChatTurns } from './chat-turns.service';
import { ChatTurn, TurnChunks } from './turn-chunks';

/** Dify's heartbeat: a bare `event: ping` frame every 10 s. */
export const DIFY_PING = 'event: ping\n\n';
const DIFY_PING_MS = 10_000;
const logger = new Logger('DifyChat');

/**
 * Answers a started turn as both Dify faces do: blocking, the whole answer as JSON once the run is over; streaming,
 * Dify's frames as the run goes (a failure after the first frame is an error chunk: HTTP stays 200).
 */
export async function answerTurn(
  turns: ChatTurns,
  started: { turn: ChatTurn; from: FeedCursor },
  mode: 'blocking' | 'streaming' | undefined,
  res: Response,
): Promise<void> {
  const { turn, from } = started;
  const chunks = new TurnChunks(turn);
  if (mode !== 'streaming') {
    // The turn goes on if the client leaves; only the end of the run ends the wait.
    for await (const _ of turns.follow(chunks, turn, from, new AbortController().signal));
    if (chunks.outcome?.status === 'failed') throw new DifyError(400, 'completion_request_error', chunks.outcome.error);
    const answer: ChatCompletionResponse = {
      event: 'message',
      task_id: turn.taskId,
      id: turn.replyId,
      message_id: turn.replyId,
      conversation_id: turn.conversationId,
      mode: 'advanced-chat',
      answer: chunks.answer,
      metadata: chunks.metadata(),
      created_at: turn.createdAt,
    };
    res.status(200).json(answer);
    return;
  }
  const sse = new SseStream(res, DIFY_PING_MS, DIFY_PING);
  try {
    await sse.sendData([chunks.started()]);
    for await (const batch of turns.follow(chunks, turn, from, sse.closed)) await sse.sendData(batch);
    await sse.sendData(chunks.end());
  } catch (error) {
    // Streaming has begun: the failure is an error chunk, and HTTP stays 200.
    logger.error(`chat stream of task '${turn.taskId}' broke off: ${error}`);
    chunks.outcome = { status: 'failed', error: 'Internal Server Error, please contact support.' };
    await sse.sendData(chunks.end().slice(-1)).catch(() => undefined);
  } finally {
    sse.end();
  }
}
