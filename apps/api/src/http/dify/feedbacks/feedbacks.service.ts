import { Inject, Injectable } from '@nestjs/common';
import { FeedbackRating } from '@forkline/domain';
import { ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { DifyError } from '../../dify-error';
import { ProjectionsService } from '../../../infrastructure/projections.service';
import { DifyMessages } from '../conversations/dify-messages';
import { DifyAppContext } from '../dify-app-context';
import { AppFeedbacksResponse, FeedbackItem } from './feedback.dto';

/** Dify shows times of feedbacks as ISO 8601 to the second. */
const isoSeconds = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

/** End users' ratings of the answers in their conversations: recorded on the answer's thread, listed app-wide. */
@Injectable()
export class DifyFeedbacks {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly messages: DifyMessages,
    private readonly repository: ThreadRepository,
    private readonly projections: ProjectionsService,
  ) {}

  /** Rates the answer (or revokes the rating: `rating` null), for the end user (`endUser`, an id) whose conversation holds it. */
  async record(
    app: DifyAppContext,
    endUser: string,
    messageId: string,
    rating: FeedbackRating | null,
    content: string | null,
  ): Promise<void> {
    const { threadId, conversationId, answer } = await this.messages.findAnswer(app, endUser, messageId);
    const [existing] = await this.readStore.query('dify_feedbacks', { message_id: answer.message_id }, { columns: ['rating'] });
    // Dify refuses to revoke what is not there (a ValueError: invalid_param).
    if (rating === null && !existing) throw new DifyError(400, 'invalid_param', 'rating: there is no feedback to revoke');
    const command = {
      type: 'RecordFeedback' as const,
      threadId,
      userId: app.ownerId,
      messageId: answer.message_id,
      conversationId,
      agentId: app.agentId,
      endUserId: endUser,
      rating,
      content,
      answered: true,
      rated: existing !== undefined,
    };
    const outcome = await this.repository.execute(command, app.context);
    await this.projections.waitForReadModels(outcome.position);
  }

  /** The app's feedbacks, newest first, `limit` a page. */
  async list(app: DifyAppContext, page: number, limit: number): Promise<AppFeedbacksResponse> {
    const rows = await this.readStore.query(
      'dify_feedbacks',
      { agent_id: app.agentId },
      { orderBy: 'created_at', desc: true, limit: page * limit },
    );
    return { data: rows.slice((page - 1) * limit).map(feedbackItem) };
  }
}

function feedbackItem(row: RowOf<'dify_feedbacks'>): FeedbackItem {
  return {
    id: row.feedback_id,
    app_id: row.agent_id,
    conversation_id: row.conversation_id,
    message_id: row.message_id,
    rating: row.rating,
    content: row.content,
    from_source: 'user',
    from_end_user_id: row.end_user_id,
    from_account_id: null,
    created_at: isoSeconds(row.created_at),
    updated_at: isoSeconds(row.updated_at),
  };
}
