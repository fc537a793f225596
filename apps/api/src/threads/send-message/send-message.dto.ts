import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsId } from '../../http/id.pipe';
import { MAX_MESSAGE_LENGTH } from '../../http/limits';

export class SendMessageRequest {
  @ApiProperty({ example: 'my-new-thread' })
  @IsString()
  @IsId()
  thread_id: string;

  @ApiProperty({ example: 'Hello AI!', maxLength: MAX_MESSAGE_LENGTH })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_MESSAGE_LENGTH, { message: `must be at most ${MAX_MESSAGE_LENGTH} characters` })
  content: string;
}

export class SendMessageResponse {
  @ApiProperty() thread_id: string;
  @ApiProperty({ description: 'Id of the UserMessageAdded event, which is also the message id' }) event_id: string;
}
