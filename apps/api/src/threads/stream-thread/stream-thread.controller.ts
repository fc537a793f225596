import { BadRequestException, Controller, Get, Headers, Inject, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '@forkline/platform';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { UserId } from '../../http/request-context';
import { SseStream } from '../../http/sse-stream';
import { SSE_STREAM_SLOTS, StreamSlots } from '../../http/stream-slots';
import { parseCursor } from '../../infrastructure/thread-feed/feed-cursor';
import { ThreadFeed } from '../../infrastructure/thread-feed/thread-feed';
import { APP_CONFIG } from '../../infrastructure/tokens';
import { ThreadQueries } from '../queries/thread-queries.service';
import { DurableFrameData, LiveFrameData, StreamThreadRequest } from './stream-thread.dto';
import { threadFrames } from './thread-frames';

const FRAMES =
  'Server-sent events, one per durable event of the thread (`event:` its type, `data:` a DurableFrameData) and per live ' +
  'record of its runs (`event:` the record type, `data:` a LiveFrameData), in order; `: ping` comments every 15 s (SSE_HEARTBEAT_MS). Each ' +
  '`id:` is `<event number>:<live seq>` (-1: none yet); send it back as Last-Event-ID (or ?last_event_id=) to resume after it. ' +
  "Without one the stream starts at the thread's own first event (a fork: its ThreadForked) and the running attempt's records. " +
  'A user may hold STREAMS_PER_USER (32) streams open at once; past that: 429.';

@ApiTags('threads: stream')
@ApiErrors(400, 404)
@ApiExtraModels(DurableFrameData, LiveFrameData)
@Controller('threads')
export class StreamThreadController {
  private readonly logger = new Logger('ThreadStream');

  constructor(
    private readonly threads: ThreadQueries,
    private readonly feed: ThreadFeed,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SSE_STREAM_SLOTS) private readonly slots: StreamSlots,
  ) {}

  @Get(':thread_id/stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last frame received: resume after it' })
  @ApiOkResponse({
    description: FRAMES,
    content: {
      'text/event-stream': { schema: { oneOf: [{ $ref: getSchemaPath(DurableFrameData) }, { $ref: getSchemaPath(LiveFrameData) }] } },
    },
  })
  async stream(
    @UserId() userId: string,
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Query() query: StreamThreadRequest,
    @Headers('last-event-id') header: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const resumeAfter = query.last_event_id ?? header;
    let cursor = resumeAfter === undefined ? null : parseCursor(resumeAfter);
    if (resumeAfter !== undefined && !cursor)
      throw new BadRequestException(`last_event_id: must be a frame id of this stream, '<event number>:<live seq>'`);
    await this.threads.thread(userId, threadId);
    const release = this.slots.take(userId);
    let sse: SseStream | undefined;
    try {
      cursor ??= await this.feed.startCursor(threadId, query.from_event_number);
      sse = new SseStream(res, this.config.sseHeartbeatMs);
      for await (const items of this.feed.subscribe(threadId, cursor, sse.closed)) {
        const next = threadFrames(items, cursor);
        await sse.send(next.frames);
        cursor = next.cursor;
      }
    } catch (error) {
      if (!sse) throw error; // nothing sent yet: the error answers the request
      this.logger.error(`stream of thread '${threadId}' broke off: ${error}`);
    } finally {
      release();
      sse?.end();
    }
  }
}
