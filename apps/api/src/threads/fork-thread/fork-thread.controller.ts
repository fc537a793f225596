import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
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
    const { source_thread_id, event_number, checkpoint_id } = body;
    if ((event_number === undefined) === (checkpoint_id === undefined))
      throw new BadRequestException('event_number: give exactly one of event_number and checkpoint_id');
    const at = checkpoint_id === undefined ? { eventNumber: event_number! } : { checkpointId: checkpoint_id };
    const result = await this.commands.dispatch(new ForkThreadCommand(source_thread_id, at, actor));
    return { new_thread_id: result.newThreadId };
  }
}
