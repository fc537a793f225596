import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '@forkline/platform';
import { SseStream } from '../../http/sse-stream';
import { SSE_STREAM_SLOTS, StreamSlots } from '../../http/stream-slots';
import { APP_CONFIG } from '../../infrastructure/tokens';
import { StreamedRun, StreamMode } from './run-frames';
import { RunOutput } from './run.dto';
import { RunQueries } from './run-queries';
import { RunOutcome } from './run-outcome';
import { RunSource, RunStream } from './run-stream';

/** LangGraph's heartbeat: an SSE comment, which the SDK's idle watchdog times (it reconnects when they stop). */
const HEARTBEAT = ': heartbeat\n\n';

export interface RunPaths {
  /** `Content-Location`, the run (the SDK reads its run id from it). */
  run: string;
  /** `Location`, where the SDK reconnects with Last-Event-ID: relative to the API root, as the SDK joins it to its apiUrl. */
  stream?: string;
}

/** The frame id to resume after: the Last-Event-ID header, an integer from -1 (-1: from the start). */
export function resumeAfter(header: string | undefined): number {
  if (header === undefined || header === '') return -1;
  if (!/^(-1|0|[1-9]\d{0,15})$/.test(header.trim()))
    throw new BadRequestException('Last-Event-ID: must be a frame id of this stream (-1: from the start)');
  return Number(header.trim());
}

/** Serves runs' frames as SSE responses, and what a finished run left (wait, join). */
@Injectable()
export class RunSse {
  private readonly logger = new Logger('LangGraphRunStream');

  constructor(
    private readonly stream: RunStream,
    private readonly runs: RunQueries,
    private readonly outcome: RunOutcome,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SSE_STREAM_SLOTS) private readonly slots: StreamSlots,
  ) {}

  /** `onEarlyClose`: the client went before the run ended (on_disconnect: cancel stops it then). */
  async serve(
    res: Response,
    userId: string,
    run: StreamedRun,
    source: RunSource,
    modes: StreamMode[],
    after: number,
    paths: RunPaths,
    onEarlyClose?: () => Promise<void>,
  ) {
    const release = this.slots.take(userId);
    res.setHeader('Content-Location', paths.run);
    if (paths.stream) res.setHeader('Location', paths.stream);
    const sse = new SseStream(res, this.config.sseHeartbeatMs, HEARTBEAT);
    let ended = false;
    try {
      for await (const frames of this.stream.frames(run, source, new Set(modes), after, sse.closed)) await sse.send(frames);
      ended = !sse.closed.aborted;
      // The run's end reaches the read models before the stream closes: a client looking at the run then sees it over.
      if (ended) await this.runs.settled(run.runId, source.forklineThreadId);
    } catch (error) {
      this.logger.error(`stream of run '${run.runId}' broke off: ${error}`);
    } finally {
      release();
      sse.end();
      if (!ended && onEarlyClose) await onEarlyClose().catch((e) => this.logger.error(`stopping run '${run.runId}': ${e}`));
    }
  }

  /** The run's outcome once it is over: the state it left, or its error (as LangGraph's wait and join answer). */
  output(run: StreamedRun, source: RunSource, signal: AbortSignal): Promise<RunOutput> {
    return this.outcome.of(run, source, signal);
  }
}
