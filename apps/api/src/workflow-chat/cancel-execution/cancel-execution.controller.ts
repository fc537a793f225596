import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { ExecutionResponse } from '../queries/execution.dto';
import { ExecutionQueries } from '../queries/execution-queries.service';
import { CancelExecutionCommand } from './cancel-execution.command';

@ApiTags('workflow chat: executions')
@ApiErrors(400, 404)
@Controller('api/v1/executions')
export class CancelExecutionController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly executions: ExecutionQueries,
  ) {}

  @Post(':execution_id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel an execution',
    description:
      'A pending or running execution ends `cancelled` (its run is stopped; subscribers get execution_cancelled). As on the ' +
      'workflow platform, an execution that already ended is answered as it is, 200, unchanged.',
  })
  @ApiOkResponse({ type: ExecutionResponse })
  async cancel(
    @Param('execution_id', new IdPipe('execution_id')) executionId: string,
    @Actor() actor: CommandContext,
  ): Promise<ExecutionResponse> {
    await this.commands.dispatch(new CancelExecutionCommand(executionId, actor));
    return this.executions.execution(actor.actor, executionId);
  }
}
