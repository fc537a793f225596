import { ApiProperty } from '@nestjs/swagger';

export class ThreadHead {
  @ApiProperty() thread_id: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Latest LangGraph checkpoint (inherited from the source for a fork without its own)',
  })
  latest_checkpoint_id: string | null;
  @ApiProperty({ type: String, nullable: true }) latest_ai_message_id: string | null;
  @ApiProperty({ description: 'Event number of the latest event' }) event_number: number;
}

export class MessageItem {
  @ApiProperty({ enum: ['user', 'assistant'] }) role: string;
  @ApiProperty() content: string;
  @ApiProperty() message_id: string;
  @ApiProperty() event_number: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class BranchItem {
  @ApiProperty() thread_id: string;
  @ApiProperty() parent_thread_id: string;
  @ApiProperty() from_event_number: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}
