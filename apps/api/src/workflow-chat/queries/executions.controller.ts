import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { UserId } from '../../http/request-context';
import { ExecutionResponse } from './execution.dto';
import { ExecutionQueries } from './execution-queries.service';

@ApiTags('workflow chat: executions')
@ApiErrors(400, 404)
@Controller('api/v1/executions')
export class ExecutionsController {
  constructor(private readonly executions: ExecutionQueries) {}

  @Get(':execution_id')
  @ApiOperation({
    summary: 'An execution (a run answering one chat message): status, output, timings',
    description:
      'For clients polling without the WebSocket (/ws/). 404 {"detail": "Execution not found."} for an unknown or another user\'s one.',
  })
  @ApiOkResponse({ type: ExecutionResponse })
  get(@UserId() userId: string, @Param('execution_id', new IdPipe('execution_id')) executionId: string): Promise<ExecutionResponse> {
    return this.executions.execution(userId, executionId);
  }
}
