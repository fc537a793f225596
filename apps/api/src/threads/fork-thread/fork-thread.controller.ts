import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext } from '@forkline/event-store';
import { Actor } from '../../http/request-context';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { ForkThreadCommand } from './fork-thread.command';
import { ForkThreadRequest, ForkThreadResponse } from './fork-thread.dto';

@Controller('commands')
export class ForkThreadController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  @Post('fork-thread')
  @HttpCode(200)
  async forkThread(@Body() body: ForkThreadRequest, @Actor() actor: CommandContext): Promise<ForkThreadResponse> {
    const result = await this.commands.execute(new ForkThreadCommand(body.source_thread_id, body.event_number, actor));
    await this.projections.waitForReadModels(result.position);
    return { new_thread_id: result.newThreadId };
  }
}
