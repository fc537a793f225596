import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { CommandContext } from '@forkline/event-store';
import { Actor } from '../../http/request-context';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { CreateThreadCommand } from './create-thread.command';
import { CreateThreadRequest, CreateThreadResponse } from './create-thread.dto';

@Controller('commands')
export class CreateThreadController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  @Post('create-thread')
  @HttpCode(200)
  async createThread(@Body() body: CreateThreadRequest, @Actor() actor: CommandContext): Promise<CreateThreadResponse> {
    const result = await this.commands.execute(new CreateThreadCommand(body.thread_id ?? randomUUID(), actor));
    await this.projections.waitForReadModels(result.position);
    return { thread_id: result.threadId, event_id: result.eventId };
  }
}
