import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandContext } from '@forkline/event-store';
import { Actor } from '../../http/request-context';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { ForkThreadCommand } from './fork-thread.command';
import { ForkThreadRequest, ForkThreadResponse } from './fork-thread.dto';

@ApiTags('threads: commands')
@Controller('commands')
export class ForkThreadController {
  constructor(private readonly commands: CommandDispatcher) {}

  @Post('fork-thread')
  @HttpCode(200)
  @ApiOkResponse({ type: ForkThreadResponse })
  @ApiErrors(400, 404, 413)
  async forkThread(@Body() body: ForkThreadRequest, @Actor() actor: CommandContext): Promise<ForkThreadResponse> {
    const result = await this.commands.dispatch(new ForkThreadCommand(body.source_thread_id, body.event_number, actor));
    return { new_thread_id: result.newThreadId };
  }
}
