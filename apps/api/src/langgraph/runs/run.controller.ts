import { Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { replyIdFor } from '@forkline/domain';
import { CommandContext } from '@forkline/event-store';
import { RowOf } from '@forkline/read-models';
import { closedSignal } from '../../infrastructure/thread-feed/stopped';
import { TakesXApiKey } from '../../auth/public.decorator';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { sendJson, valuesJson } from '../state/state-json';
import { StreamedRun } from './run-frames';
import { LgRun, RunOutput } from './run.dto';
import { RunCanceller } from './run-canceller';
import { LastEventIdHeader, runPaths, RunStreamDocs, truthy } from './run-paths';
import { RunQueries } from './run-queries';
import { CancelQuery, JoinQuery } from './run-request.dto';
import { resumeAfter, RunSse } from './run-sse';
import { RunSource } from './run-stream';
import { RunThreads } from './run-threads';

/** One run of a thread: read it, join it, stream it again (resuming after a frame), cancel it. */
@ApiTags('langgraph: runs')
@TakesXApiKey()
@ApiErrors(400, 404)
@Controller('langgraph/threads/:thread_id/runs/:run_id')
export class RunController {
  constructor(
    private readonly sse: RunSse,
    private readonly runs: RunQueries,
    private readonly threads: RunThreads,
    private readonly canceller: RunCanceller,
  ) {}

  @Get()
  @ApiOperation({ summary: 'A run' })
  @ApiOkResponse({ type: LgRun })
  async get(
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Param('run_id', new IdPipe('run_id')) runId: string,
    @Actor() actor: CommandContext,
  ): Promise<LgRun> {
    const target = await this.threads.get(actor.actor, threadId);
    return this.runs.view(await this.runs.row(target, runId), target);
  }

  @Get('join')
  @ApiOperation({ summary: 'Wait for the run to end; the state it left (or `{__error__}`)' })
  @ApiOkResponse({ type: RunOutput })
  async join(
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Param('run_id', new IdPipe('run_id')) runId: string,
    @Query() query: JoinQuery,
    @Actor() actor: CommandContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { row, run, source } = await this.find(threadId, runId, actor);
    const gone = closedSignal(req);
    const output = await this.sse.output(run, source, gone);
    if (gone.aborted && truthy(query.cancel_on_disconnect)) await this.canceller.cancel(row, 'interrupt', false, actor);
    sendJson(res, valuesJson(output));
  }

  @Get('stream')
  @ApiOperation({ summary: "Stream the run: from its start, or after the Last-Event-ID's frame" })
  @LastEventIdHeader()
  @RunStreamDocs()
  async stream(
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Param('run_id', new IdPipe('run_id')) runId: string,
    @Query() query: JoinQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Actor() actor: CommandContext,
    @Res() res: Response,
  ): Promise<void> {
    const after = resumeAfter(lastEventId);
    const { row, run, source } = await this.find(threadId, runId, actor);
    const modes = query.stream_mode?.length ? query.stream_mode : ['values' as const];
    const cancel = truthy(query.cancel_on_disconnect) ? () => this.canceller.cancel(row, 'interrupt', false, actor) : undefined;
    await this.sse.serve(res, actor.actor, run, source, modes, after, runPaths(threadId, runId, modes), cancel);
  }

  @Post('cancel')
  @ApiOperation({ summary: "Cancel: Forkline's stop (the partial answer stays); rollback also deletes the run and its messages" })
  @ApiAcceptedResponse({ description: 'wait=0: the stop is recorded' })
  @ApiNoContentResponse({ description: 'wait=1: the run is over' })
  async cancel(
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Param('run_id', new IdPipe('run_id')) runId: string,
    @Query() query: CancelQuery,
    @Actor() actor: CommandContext,
    @Res() res: Response,
  ): Promise<void> {
    const { row } = await this.find(threadId, runId, actor);
    const wait = truthy(query.wait);
    await this.canceller.cancel(row, query.action ?? 'interrupt', wait, actor);
    res.status(wait ? 204 : 202).end();
  }

  private async find(
    threadId: string,
    runId: string,
    actor: CommandContext,
  ): Promise<{ row: RowOf<'runs'>; run: StreamedRun; source: RunSource }> {
    const target = await this.threads.get(actor.actor, threadId);
    const row = await this.runs.row(target, runId);
    const replyTo = row.reply_to ?? '';
    const run = { runId, threadId, replyTo, replyId: replyIdFor(runId) };
    const source = { forklineThreadId: row.thread_id, messageEventNumber: await this.runs.messageEventNumber(replyTo), liveAfter: -1 };
    return { row, run, source };
  }
}
