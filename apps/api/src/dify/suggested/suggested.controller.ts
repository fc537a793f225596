import { endUserId } from '@forkline/domain';
import { Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { SuggestedQuery, SuggestedQuestionsResponse } from '../../http/dify/suggested/suggested.dto';
import { SuggestedQuestions } from '../../http/dify/suggested/suggested-questions.service';

/** Suggested follow-up questions after an answer (the agent's suggested_questions_after_answer; off: 400 `bad_request`). */
@DifyController(400, 404)
export class SuggestedController {
  constructor(private readonly suggested: SuggestedQuestions) {}

  @Get('messages/:message_id/suggested')
  @ApiOkResponse({ type: SuggestedQuestionsResponse })
  async suggestedAfter(
    @DifyApp() app: DifyAppContext,
    @Param('message_id') messageId: string,
    @Query() query: SuggestedQuery,
  ): Promise<SuggestedQuestionsResponse> {
    return { result: 'success', data: await this.suggested.after(app, endUserId(app.agentId, query.user), messageId) };
  }
}
