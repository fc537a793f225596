import { Body, Controller, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'crypto';
import { CommandContext, ThreadDeleter, ThreadRepository } from '@forkline/event-store';
import { closedSignal } from '../../infrastructure/thread-feed/stopped';
import { TakesXApiKey } from '../../auth/public.decorator';
import { ApiErrors } from '../../http/api-docs';
import { Actor } from '../../http/request-context';
import { RunOutput } from './run.dto';
import { ApiUnprocessable, runPaths, RunStreamDocs } from './run-paths';
import { RunCreateRequest } from './run-request.dto';
import { RunSse } from './run-sse';
import { RunStarter, StartedRun } from './run-starter';

/**
 * Stateless runs: each on a thread of its own, created for it and (on_completion: delete, the default) deleted once the
 * run is over, as LangGraph does. While it exists the thread is an ordinary one of the caller's (threads face, audit).
 */
@ApiTags('langgraph: runs')
@TakesXApiKey()
@ApiErrors(400, 404, 413)
@ApiUnprocessable()
@Controller('langgraph/runs')
export class StatelessRunsController {
  private readonly logger = new Logger('LangGraphStatelessRuns');

  constructor(
    private readonly starter: RunStarter,
    private readonly sse: RunSse,
    private readonly repository: ThreadRepository,
    private readonly deleter: ThreadDeleter,
  ) {}

  @Post('stream')
  @ApiOperation({ summary: 'Run on a temporary thread and stream it' })
  @RunStreamDocs()
  async stream(@Body() body: RunCreateRequest, @Actor() actor: CommandContext, @Res() res: Response): Promise<void> {
    const modes = body.stream_mode?.length ? body.stream_mode : ['values' as const];
    const started = await this.start(body, actor);
    const { run, source } = started;
    try {
      await this.sse.serve(res, actor.actor, run, source, modes, -1, runPaths(null, run.runId, modes));
    } finally {
      await this.finish(started, body, actor);
    }
  }

  @Post('wait')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run on a temporary thread; the state it leaves (or `{__error__}`)' })
  @ApiOkResponse({ type: RunOutput })
  async wait(
    @Body() body: RunCreateRequest,
    @Actor() actor: CommandContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RunOutput> {
    const started = await this.start(body, actor);
    res.setHeader('Content-Location', runPaths(null, started.run.runId, []).run);
    const gone = closedSignal(req);
    try {
      return await this.sse.output(started.run, started.source, gone);
    } finally {
      await this.finish(started, body, actor);
    }
  }

  private start(body: RunCreateRequest, actor: CommandContext): Promise<StartedRun> {
    return this.starter.start(randomUUID(), { ...body, if_not_exists: 'create', multitask_strategy: 'enqueue' }, actor);
  }

  /**
   * A stream closed early stops the run first: a deleted thread's run is refused anyway, this ends it cleanly. The thread
   * is the caller's while it exists (listed, forkable): a fork of it keeps it (ThreadDeleter refuses, logged here).
   */
  private async finish({ source }: StartedRun, body: RunCreateRequest, actor: CommandContext): Promise<void> {
    if (body.on_completion === 'keep') return;
    const threadId = source.forklineThreadId;
    try {
      await this.repository.execute({ type: 'StopRun', threadId, userId: actor.actor }, actor);
      await this.deleter.delete(threadId, actor.actor, actor);
    } catch (error) {
      this.logger.error(`removing the temporary thread '${threadId}': ${error}`);
    }
  }
}
