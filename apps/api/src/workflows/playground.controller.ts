import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'crypto';
import { RunMode } from '@forkline/domain';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../http/api-docs';
import { CommandDispatcher } from '../http/command-dispatcher';
import { Actor, UserId } from '../http/request-context';
import { CreateThreadCommand } from '../threads/create-thread/create-thread.command';
import { SendMessageCommand } from '../threads/send-message/send-message.command';
import { ThreadIdPipe } from '../threads/thread-id';
import { WorkflowQueries } from './queries/workflow-queries.service';
import { ChatDataQuery, StartWorkflowQuery, UserInputRequest, WorkflowMode } from './start-workflow/start-workflow.dto';
import { StopWorkflowCommand } from './stop-workflow/stop-workflow.handler';

const RUN_MODES: Record<WorkflowMode, RunMode> = { Actionplan: 'actionplan', React: 'react' };
const workflowIdPipe = new ThreadIdPipe('workflowId');

/** chat-playground-api.md, /api/chat/playground: a ChatWorkflow is a thread plus its runs. */
@ApiTags('chat playground')
@ApiErrors(400, 404)
@Controller('api/chat/playground')
export class PlaygroundController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly queries: WorkflowQueries,
  ) {}

  /** A new workflow, or the next message of an existing one; the agent answers in the chosen mode. */
  @Post('start')
  @HttpCode(200)
  async start(@Query() query: StartWorkflowQuery, @Body() body: UserInputRequest, @Actor() actor: CommandContext) {
    let workflowId = query.workflowId;
    if (workflowId === undefined) {
      workflowId = (await this.commands.dispatch(new CreateThreadCommand(`wf_${randomUUID()}`, actor))).threadId;
    } else {
      await this.queries.thread(actor.actor, workflowId);
    }
    const files = body.files?.map((f) => ({ ...f, id: f.id ?? `file_${randomUUID()}` }));
    const mode = RUN_MODES[query.workflowMode ?? 'Actionplan'];
    await this.commands.dispatch(new SendMessageCommand(workflowId, body.input, actor, { mode, files, metadata: body.metadata }));
    return this.queries.workflow(actor.actor, workflowId);
  }

  @Post(':workflowId/stop')
  @HttpCode(200)
  async stop(@Param('workflowId', workflowIdPipe) workflowId: string, @Actor() actor: CommandContext) {
    await this.queries.thread(actor.actor, workflowId);
    await this.commands.dispatch(new StopWorkflowCommand(workflowId, actor));
    return this.queries.workflow(actor.actor, workflowId);
  }

  @Get(':workflowId/chatData')
  chatData(@Param('workflowId', workflowIdPipe) workflowId: string, @Query() query: ChatDataQuery, @UserId() userId: string) {
    return this.queries.chatData(userId, workflowId, query.afterTimestamp);
  }
}
