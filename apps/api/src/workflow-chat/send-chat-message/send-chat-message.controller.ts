import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { Actor } from '../../http/request-context';
import { SendChatMessageCommand } from './send-chat-message.command';
import { ChatMessageIn, ChatMessageOut } from './send-chat-message.dto';

/** workflow-chat-api.md: a message to a workflow's chat trigger starts an execution (a run of the agent). */
@ApiTags('workflow chat (Pipelit)')
@ApiErrors(400, 404, 413)
@Controller('api/v1/workflows')
export class SendChatMessageController {
  constructor(private readonly commands: CommandDispatcher) {}

  @Post(':slug/chat')
  @HttpCode(200)
  @ApiOkResponse({ type: ChatMessageOut })
  async send(@Param('slug') slug: string, @Body() body: ChatMessageIn, @Actor() actor: CommandContext): Promise<ChatMessageOut> {
    const { executionId } = await this.commands.dispatch(new SendChatMessageCommand(slug, body.text, body.trigger_node_id, actor));
    return { execution_id: executionId, status: 'pending', response: '' };
  }
}
