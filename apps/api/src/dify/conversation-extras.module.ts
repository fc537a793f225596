import { Module } from '@nestjs/common';
import { DifyConversations } from './conversations/dify-conversations';
import { DifyMessages } from './conversations/dify-messages';
import { FeedbacksController } from './feedbacks/feedbacks.controller';
import { DifyFeedbacks } from './feedbacks/feedbacks.service';
import { SuggestedQuestions } from './suggested/suggested-questions.service';
import { SuggestedController } from './suggested/suggested.controller';
import { ConversationVariables } from './variables/conversation-variables.service';
import { VariablesController } from './variables/variables.controller';

/**
 * What the Dify service API adds around a conversation's messages: feedbacks on answers, suggested follow-up
 * questions, conversation variables. Its services are stateless; it provides its own copies of the lookups it uses.
 */
@Module({
  controllers: [FeedbacksController, SuggestedController, VariablesController],
  providers: [DifyConversations, DifyMessages, DifyFeedbacks, SuggestedQuestions, ConversationVariables],
})
export class ConversationExtrasModule {}
