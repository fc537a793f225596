import { Controller, Delete, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { StreamJanitor } from '../../infrastructure/stream-janitor';
import { DeleteWorkflowCommand } from './delete-workflow.command';

@ApiTags('workflows')
@ApiErrors(400, 404)
@Controller('api/workflows')
export class DeleteWorkflowController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly janitor: StreamJanitor,
  ) {}

  /** Answers once the janitor has removed the workflow's streams, so nothing of it is left to read. */
  @Delete(':workflowId')
  async delete(@Param('workflowId', new IdPipe('workflowId')) workflowId: string, @Actor() actor: CommandContext) {
    await this.commands.dispatch(new DeleteWorkflowCommand(workflowId, actor));
    await this.janitor.settled(workflowId);
    return { id: workflowId, message: 'Workflow and associated data deleted successfully' };
  }
}
