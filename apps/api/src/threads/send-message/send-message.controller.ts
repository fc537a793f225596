import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandContext } from '@forkline/event-store';
import { Actor } from '../../http/request-context';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { SendMessageCommand } from './send-message.command';
import { SendMessageRequest, SendMessageResponse } from './send-message.dto';

@ApiTags('threads: commands')
@Controller('commands')
export class SendMessageController {
  constructor(private readonly commands: CommandDispatcher) {}

  @Post('send-message')
  @HttpCode(200)
  @ApiOkResponse({ type: SendMessageResponse })
  @ApiErrors(400, 404, 413)
  async sendMessage(@Body() body: SendMessageRequest, @Actor() actor: CommandContext): Promise<SendMessageResponse> {
    const result = await this.commands.dispatch(new SendMessageCommand(body.thread_id, body.content, actor));
    return { thread_id: body.thread_id, event_id: result.eventId };
  }
}
