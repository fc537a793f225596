import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { CommandContext } from '@forkline/event-store';
import { Actor } from '../../http/request-context';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { CreateThreadCommand } from './create-thread.command';
import { CreateThreadRequest, CreateThreadResponse } from './create-thread.dto';

@ApiTags('threads: commands')
@Controller('commands')
export class CreateThreadController {
  constructor(private readonly commands: CommandDispatcher) {}

  @Post('create-thread')
  @HttpCode(200)
  @ApiOkResponse({ type: CreateThreadResponse })
  @ApiErrors(400, 409, 413)
  async createThread(@Body() body: CreateThreadRequest, @Actor() actor: CommandContext): Promise<CreateThreadResponse> {
    const result = await this.commands.dispatch(new CreateThreadCommand(body.thread_id ?? randomUUID(), actor, body.agent_id));
    return { thread_id: result.threadId, event_id: result.eventId };
  }
}
