import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { Actor } from '../../http/request-context';
import { ClearChatHistoryCommand } from './clear-chat-history.command';

@ApiTags('workflow chat (Pipelit)')
@ApiErrors(404)
@Controller('api/v1/workflows')
export class ClearChatHistoryController {
  constructor(private readonly commands: CommandDispatcher) {}

  /** The conversation is cleared (a HistoryCleared event with actor and time); a workflow never chatted with is already clear. */
  @Delete(':slug/chat/history')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cleared: the history is empty and the agent forgets the earlier turns' })
  async clear(@Param('slug') slug: string, @Actor() actor: CommandContext): Promise<void> {
    await this.commands.dispatch(new ClearChatHistoryCommand(slug, actor));
  }
}
