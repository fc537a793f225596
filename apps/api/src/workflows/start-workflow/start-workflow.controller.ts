import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RunMode } from '@forkline/domain';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { Actor } from '../../http/request-context';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { StartWorkflowCommand } from './start-workflow.command';
import { StartWorkflowQuery, UserInputRequest, WorkflowMode } from './start-workflow.dto';

const RUN_MODES: Record<WorkflowMode, RunMode> = { Actionplan: 'actionplan', React: 'react' };

/** chat-playground-api.md, /api/chat/playground: a ChatWorkflow is a thread plus its runs. */
@ApiTags('chat playground')
@ApiErrors(400, 404)
@Controller('api/chat/playground')
export class StartWorkflowController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly queries: WorkflowQueries,
  ) {}

  /** A new workflow, or the next message of an existing one; the agent answers in the chosen mode. */
  @Post('start')
  @HttpCode(200)
  async start(@Query() query: StartWorkflowQuery, @Body() body: UserInputRequest, @Actor() actor: CommandContext) {
    const mode = RUN_MODES[query.workflowMode ?? 'Actionplan'];
    const options = { mode, files: body.files, metadata: body.metadata };
    const { workflowId } = await this.commands.dispatch(new StartWorkflowCommand(query.workflowId, body.input, actor, options));
    return this.queries.workflow(actor.actor, workflowId);
  }
}
