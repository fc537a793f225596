import { HttpCode, Param, Patch } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { DifyError } from '../../http/dify-error';
import { SuccessResult } from '../../http/dify/chat-messages/chat-message.dto';
import { DifyConversations } from '../../http/dify/conversations/dify-conversations';
import { DifyWebContext, DifyWebController, WebApp } from '../dify-web-app';

/**
 * Pins keep a conversation atop the end user's list (GET /api/conversations?pinned=true). Each change is an event on
 * the conversation's root thread (ConversationPinned/Unpinned); pinning a pinned one, or unpinning one that is not, writes nothing.
 */
@DifyWebController(400, 404)
export class PinConversationController {
  constructor(private readonly conversations: DifyConversations) {}

  @Patch('conversations/:conversation_id/pin')
  @HttpCode(200)
  @ApiOkResponse({ type: SuccessResult })
  async pin(@WebApp() app: DifyWebContext, @Param('conversation_id') id: string): Promise<SuccessResult> {
    await this.conversations.pin(app, await this.conversations.row(app, app.endUserId, id), true);
    return { result: 'success' };
  }

  /** As Dify: unpinning a conversation the end user does not have (or not pinned) succeeds and changes nothing. */
  @Patch('conversations/:conversation_id/unpin')
  @HttpCode(200)
  @ApiOkResponse({ type: SuccessResult })
  async unpin(@WebApp() app: DifyWebContext, @Param('conversation_id') id: string): Promise<SuccessResult> {
    const row = await this.conversations.row(app, app.endUserId, id).catch((error: unknown) => {
      if (error instanceof DifyError && error.getStatus() === 404) return null;
      throw error;
    });
    if (row) await this.conversations.pin(app, row, false);
    return { result: 'success' };
  }
}
