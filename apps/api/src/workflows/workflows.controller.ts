import { BadRequestException, Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../http/api-docs';
import { CommandDispatcher } from '../http/command-dispatcher';
import { Actor, UserId } from '../http/request-context';
import { IsId, ThreadIdPipe } from '../threads/thread-id';
import { StreamJanitor } from '../infrastructure/stream-janitor';
import { DeleteMessageCommand } from './delete-message/delete-message.handler';
import { DeleteWorkflowCommand } from './delete-workflow/delete-workflow.handler';
import { WorkflowQueries } from './queries/workflow-queries.service';
import { workflowStatus } from './queries/workflow-views';
import { UpdateWorkflowRequest } from './update-workflow/update-workflow.dto';
import { UpdateWorkflowCommand } from './update-workflow/update-workflow.handler';

class LogsQuery {
  @IsOptional()
  @IsId()
  logId?: string;
}

class MessagesQuery {
  @IsOptional()
  @IsId()
  messageId?: string;
}

const id = (field: string) => new ThreadIdPipe(field);

/** chat-playground-api.md, /api/workflows. */
@ApiTags('workflows')
@ApiErrors(400, 404)
@Controller('api/workflows')
export class WorkflowsController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly queries: WorkflowQueries,
    private readonly janitor: StreamJanitor,
  ) {}

  @Get()
  list(@UserId() userId: string) {
    return this.queries.list(userId);
  }

  @Get(':workflowId')
  get(@Param('workflowId', id('workflowId')) workflowId: string, @UserId() userId: string) {
    return this.queries.workflow(userId, workflowId);
  }

  @Put(':workflowId')
  async update(
    @Param('workflowId', id('workflowId')) workflowId: string,
    @Body() body: UpdateWorkflowRequest,
    @Actor() actor: CommandContext,
  ) {
    if (body.name === undefined && body.description === undefined && body.tags === undefined) {
      throw new BadRequestException('body: set at least one of name, description, tags');
    }
    await this.queries.thread(actor.actor, workflowId);
    await this.commands.dispatch(new UpdateWorkflowCommand(workflowId, actor, body));
    return this.queries.workflow(actor.actor, workflowId);
  }

  @Delete(':workflowId')
  async delete(@Param('workflowId', id('workflowId')) workflowId: string, @Actor() actor: CommandContext) {
    await this.queries.thread(actor.actor, workflowId);
    await this.commands.dispatch(new DeleteWorkflowCommand(workflowId, actor));
    await this.janitor.settled(workflowId);
    return { id: workflowId, message: 'Workflow and associated data deleted successfully' };
  }

  @Get(':workflowId/status')
  async status(@Param('workflowId', id('workflowId')) workflowId: string, @UserId() userId: string) {
    return workflowStatus(await this.queries.workflow(userId, workflowId));
  }

  @Get(':workflowId/logs')
  logs(@Param('workflowId', id('workflowId')) workflowId: string, @Query() query: LogsQuery, @UserId() userId: string) {
    return this.queries.logs(userId, workflowId, query.logId);
  }

  @Get(':workflowId/messages')
  messages(@Param('workflowId', id('workflowId')) workflowId: string, @Query() query: MessagesQuery, @UserId() userId: string) {
    return this.queries.messages(userId, workflowId, query.messageId);
  }

  @Delete(':workflowId/messages/:messageId')
  async deleteMessage(
    @Param('workflowId', id('workflowId')) workflowId: string,
    @Param('messageId', id('messageId')) messageId: string,
    @Actor() actor: CommandContext,
  ) {
    await this.queries.thread(actor.actor, workflowId);
    await this.commands.dispatch(new DeleteMessageCommand(workflowId, actor, messageId));
    return { workflowId, messageId, message: 'Message deleted successfully' };
  }

  @Delete(':workflowId/messages/:messageId/files/:fileId')
  async deleteFile(
    @Param('workflowId', id('workflowId')) workflowId: string,
    @Param('messageId', id('messageId')) messageId: string,
    @Param('fileId', id('fileId')) fileId: string,
    @Actor() actor: CommandContext,
  ) {
    await this.queries.thread(actor.actor, workflowId);
    await this.commands.dispatch(new DeleteMessageCommand(workflowId, actor, messageId, fileId));
    return { workflowId, messageId, fileId, message: 'File reference deleted successfully' };
  }
}
