import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext } from '@forkline/event-store';
import { Actor } from '../../http/request-context';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { SendMessageCommand } from './send-message.command';
import { SendMessageRequest, SendMessageResponse } from './send-message.dto';

@Controller('commands')
export class SendMessageController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  @Post('send-message')
  @HttpCode(200)
  async sendMessage(@Body() body: SendMessageRequest, @Actor() actor: CommandContext): Promise<SendMessageResponse> {
    const result = await this.commands.execute(new SendMessageCommand(body.thread_id, body.content, actor));
    await this.projections.waitForReadModels(result.position);
    return { thread_id: body.thread_id, event_id: result.eventId };
  }
}
