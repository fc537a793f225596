import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** A frame id's event number has at most 16 digits (parseCursor); a larger start could never be resumed after. */
const MAX_EVENT_NUMBER = Number.MAX_SAFE_INTEGER;

export class StreamThreadRequest {
  @ApiPropertyOptional({ description: 'Resume after this frame id (`<event number>:<live seq>`); the Last-Event-ID header does the same' })
  @IsOptional()
  @IsString()
  last_event_id?: string;

  @ApiPropertyOptional({
    description: "Replay the thread's durable events from this event number (inherited ones of a fork included) before following it",
    minimum: 0,
    maximum: MAX_EVENT_NUMBER,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(MAX_EVENT_NUMBER)
  from_event_number?: number;
}

/** A durable event of the thread, as GET /threads/{id}/events shows it (without the correlation details). */
export class DurableFrameData {
  @ApiProperty({ description: "The event's number in the thread (inherited events of a fork included)", example: 3 })
  event_number: number;

  @ApiProperty({ description: "The event's id" })
  event_id: string;

  @ApiProperty({ description: "The event type, also the frame's `event:`", example: 'AssistantMessageAdded' })
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's payload, as stored" })
  data: Record<string, unknown>;

  @ApiProperty({ description: 'When the event was appended (ISO 8601)', format: 'date-time' })
  occurred_at: string;

  @ApiProperty({ description: 'Who caused it: a user id, or the agent' })
  actor: string;
}

/** A live record of one of the thread's runs. */
export class LiveFrameData {
  @ApiProperty({ description: "The record's place in the thread's live records, strictly increasing", example: 12 })
  seq: number;

  @ApiProperty({ description: 'The run it belongs to' })
  run_id: string;

  @ApiProperty({
    description: "The record type, also the frame's `event:`",
    enum: ['run_started', 'node_started', 'node_finished', 'token_delta', 'tool_call', 'tool_result', 'run_ended'],
  })
  type: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'By type: token_delta `{text, reset?}`, run_started `{attempt, agent_id, ...}`, run_ended `{status, message_id?, error?}`, ...',
  })
  data: Record<string, unknown>;

  @ApiProperty({ description: 'When the record was stored (ISO 8601)', format: 'date-time' })
  at: string;
}
