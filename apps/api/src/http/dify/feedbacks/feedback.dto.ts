import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { FEEDBACK_RATINGS, FeedbackRating } from '@forkline/domain';
import { IgnoresUnknownFields } from '../../validation.pipe';
import { DifyLimit, DifyPage } from '../dify-paging';

/** POST /v1/messages/{message_id}/feedbacks (the seed's MessageFeedbackRequest). */
@IgnoresUnknownFields()
export class MessageFeedbackRequest {
  @ApiPropertyOptional({
    enum: FEEDBACK_RATINGS,
    nullable: true,
    description: "null or absent: revoke the end user's rating (Dify's newer SDK omits a null rating)",
  })
  @IsOptional()
  @IsIn(FEEDBACK_RATINGS)
  rating?: FeedbackRating | null;

  @ApiProperty({ example: 'abc-123', description: 'The end user whose conversation holds the message' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  user: string;

  @ApiPropertyOptional({ description: 'Optional text feedback', maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  content?: string;
}

@IgnoresUnknownFields()
export class AppFeedbacksQuery {
  @DifyPage(1_000_000) page: number = 1;

  @DifyLimit(101) limit: number = 20;
}

export class FeedbackItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The app (agent)' }) app_id: string;
  @ApiProperty({ format: 'uuid' }) conversation_id: string;
  @ApiProperty({ format: 'uuid' }) message_id: string;
  @ApiProperty({ enum: FEEDBACK_RATINGS }) rating: string;
  @ApiProperty({ type: String, nullable: true }) content: string | null;
  @ApiProperty({ example: 'user', description: 'Always `user`: feedbacks come from end users through /v1' }) from_source: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) from_end_user_id: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) from_account_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class AppFeedbacksResponse {
  @ApiProperty({ type: [FeedbackItem], description: 'Newest first' }) data: FeedbackItem[];
}
