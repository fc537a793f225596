import { Controller, Delete, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { DeleteMessageCommand } from './delete-message.command';

const id = (field: string) => new IdPipe(field);

@ApiTags('workflows')
@ApiErrors(400, 404)
@Controller('api/workflows')
export class DeleteMessageController {
  constructor(private readonly commands: CommandDispatcher) {}

  @Delete(':workflowId/messages/:messageId')
  async deleteMessage(
    @Param('workflowId', id('workflowId')) workflowId: string,
    @Param('messageId', id('messageId')) messageId: string,
    @Actor() actor: CommandContext,
  ) {
    await this.commands.dispatch(new DeleteMessageCommand(workflowId, actor, messageId));
    return { workflowId, messageId, message: 'Message deleted successfully' };
  }

  /** Removes one file reference from the message; the message stays. */
  @Delete(':workflowId/messages/:messageId/files/:fileId')
  async deleteFile(
    @Param('workflowId', id('workflowId')) workflowId: string,
    @Param('messageId', id('messageId')) messageId: string,
    @Param('fileId', id('fileId')) fileId: string,
    @Actor() actor: CommandContext,
  ) {
    await this.commands.dispatch(new DeleteMessageCommand(workflowId, actor, messageId, fileId));
    return { workflowId, messageId, fileId, message: 'File reference deleted successfully' };
  }
}
