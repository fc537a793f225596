import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CommandContext } from '@forkline/event-store';
import { closedSignal } from '../../infrastructure/thread-feed/stopped';
import { TakesXApiKey } from '../../auth/public.decorator';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { sendJson, valuesJson } from '../state/state-json';
import { LgRun, RunOutput } from './run.dto';
import { RunCanceller } from './run-canceller';
import { ApiUnprocessable, runPaths, RunStreamDocs } from './run-paths';
import { RunQueries } from './run-queries';
import { RunCreateRequest, RunListQuery } from './run-request.dto';
import { RunSse } from './run-sse';
import { RunStarter } from './run-starter';
import { RunThreads } from './run-threads';

/** Runs on a thread: each takes the input's human message to the thread and follows the Forkline run answering it. */
@ApiTags('langgraph: runs')
@TakesXApiKey()
@ApiErrors(400, 404, 409, 413)
@ApiUnprocessable()
@Controller('langgraph/threads')
export class ThreadRunsController {
  constructor(
    private readonly starter: RunStarter,
    private readonly sse: RunSse,
    private readonly runs: RunQueries,
    private readonly threads: RunThreads,
    private readonly canceller: RunCanceller,
  ) {}

  @Post(':thread_id/runs/stream')
  @ApiOperation({ summary: 'Start a run and stream it' })
  @RunStreamDocs()
  async stream(
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Body() body: RunCreateRequest,
    @Actor() actor: CommandContext,
    @Res() res: Response,
  ): Promise<void> {
    const modes = body.stream_mode?.length ? body.stream_mode : ['values' as const];
    const { run, source } = await this.starter.start(threadId, body, actor);
    const cancel = body.on_disconnect === 'cancel' ? () => this.cancelRun(run.runId, source.forklineThreadId, actor) : undefined;
    await this.sse.serve(res, actor.actor, run, source, modes, -1, runPaths(threadId, run.runId, modes), cancel);
  }

  @Post(':thread_id/runs/wait')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a run and answer with the state it leaves (or `{__error__}`)' })
  @ApiOkResponse({ type: RunOutput })
  async wait(
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Body() body: RunCreateRequest,
    @Actor() actor: CommandContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { run, source } = await this.starter.start(threadId, body, actor, false);
    res.setHeader('Content-Location', runPaths(threadId, run.runId, []).run);
    const gone = closedSignal(req);
    sendJson(res, valuesJson(await this.sse.output(run, source, gone)));
  }

  @Post(':thread_id/runs')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a run in the background' })
  @ApiOkResponse({ type: LgRun })
  async create(
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Body() body: RunCreateRequest,
    @Actor() actor: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LgRun> {
    const { run, target } = await this.starter.start(threadId, body, actor, false);
    res.setHeader('Content-Location', runPaths(threadId, run.runId, []).run);
    return this.runs.view(await this.runs.row(target, run.runId), target);
  }

  @Get(':thread_id/runs')
  @ApiOperation({ summary: "The thread's runs, newest first" })
  @ApiOkResponse({ type: LgRun, isArray: true })
  async list(
    @Param('thread_id', new IdPipe('thread_id')) threadId: string,
    @Query() query: RunListQuery,
    @Actor() actor: CommandContext,
  ): Promise<LgRun[]> {
    const target = await this.threads.get(actor.actor, threadId);
    return this.runs.list(target, query);
  }

  private async cancelRun(runId: string, threadId: string, actor: CommandContext): Promise<void> {
    const [row] = (await this.runs.active([threadId])).filter((r) => r.run_id === runId);
    if (row) await this.canceller.cancel(row, 'interrupt', false, actor);
  }
}
