import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { UserId } from '../../http/request-context';
import { WorkflowAgents } from './workflow-agents.service';
import { WorkflowDetailOut, WorkflowListOut, WorkflowListQuery } from './workflow-out.dto';
import { workflowDetailOut, workflowOut } from './workflow-view';

/** workflow-chat-api.md's workflows are the caller's agents (created through /agents), shown in Pipelit's shape. */
@ApiTags('workflow chat (Pipelit)')
@ApiErrors(400, 404)
@Controller('api/v1/workflows')
export class PipelitWorkflowsController {
  constructor(private readonly agents: WorkflowAgents) {}

  @Get()
  @ApiOkResponse({ type: WorkflowListOut, description: 'Your agents, your default agent (slug assistant) first' })
  async list(@UserId() userId: string, @Query() query: WorkflowListQuery): Promise<WorkflowListOut> {
    const all = await this.agents.list(userId);
    const offset = query.offset ?? 0;
    return { items: all.slice(offset, offset + (query.limit ?? 50)).map(workflowOut), total: all.length };
  }

  @Get(':slug')
  @ApiOkResponse({ type: WorkflowDetailOut })
  async get(@UserId() userId: string, @Param('slug') slug: string): Promise<WorkflowDetailOut> {
    return workflowDetailOut(await this.agents.bySlug(userId, slug));
  }
}
