import { BadRequestException, Body, Controller, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { UpdateWorkflowCommand } from './update-workflow.command';
import { UpdateWorkflowRequest } from './update-workflow.dto';

/** chat-playground-api.md, /api/workflows. */
@ApiTags('workflows')
@ApiErrors(400, 404)
@Controller('api/workflows')
export class UpdateWorkflowController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly queries: WorkflowQueries,
  ) {}

  @Put(':workflowId')
  async update(
    @Param('workflowId', new IdPipe('workflowId')) workflowId: string,
    @Body() body: UpdateWorkflowRequest,
    @Actor() actor: CommandContext,
  ) {
    if (body.name === undefined && body.description === undefined && body.tags === undefined) {
      throw new BadRequestException('body: set at least one of name, description, tags');
    }
    await this.commands.dispatch(new UpdateWorkflowCommand(workflowId, actor, body));
    return this.queries.workflow(actor.actor, workflowId);
  }
}
