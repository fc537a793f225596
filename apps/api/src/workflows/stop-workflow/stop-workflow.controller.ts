import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { StopWorkflowCommand } from './stop-workflow.command';

@ApiTags('chat playground')
@ApiErrors(400, 404)
@Controller('api/chat/playground')
export class StopWorkflowController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly queries: WorkflowQueries,
  ) {}

  @Post(':workflowId/stop')
  @HttpCode(200)
  async stop(@Param('workflowId', new IdPipe('workflowId')) workflowId: string, @Actor() actor: CommandContext) {
    await this.commands.dispatch(new StopWorkflowCommand(workflowId, actor));
    return this.queries.workflow(actor.actor, workflowId);
  }
}
