import { Injectable } from '@nestjs/common';
import { Command, CommandBus } from '@nestjs/cqrs';
import { Position } from '@forkline/event-store';
import { ProjectionsService } from '../infrastructure/projections.service';

/** Sends a command and answers once the read models show its effect (read-your-writes). */
@Injectable()
export class CommandDispatcher {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionsService,
  ) {}

  async dispatch<R extends { position: Position | undefined }>(command: Command<R>): Promise<R> {
    const result = await this.commands.execute(command);
    await this.projections.waitForReadModels(result.position);
    return result;
  }
}
