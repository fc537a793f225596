import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';

export class StreamThreadRequest {
  @ApiPropertyOptional({ description: 'Resume after this frame id (`<event number>:<live seq>`); the Last-Event-ID header does the same' })
  @IsOptional()
  @IsString()
  last_event_id?: string;

  @ApiPropertyOptional({
    description: "Replay the thread's durable events from this event number (inherited ones of a fork included) before following it",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  from_event_number?: number;
}

/** A durable event of the thread, as GET /threads/{id}/events shows it (without the correlation details). */
export class DurableFrameData {
  event_number: number;
  event_id: string;
  /** The event type, also the frame's `event:` (UserMessageAdded, RunStarted, AssistantMessageAdded, ...). */
  type: string;
  data: Record<string, unknown>;
  occurred_at: string;
  actor: string;
}

/** A live record of one of the thread's runs. */
export class LiveFrameData {
  seq: number;
  run_id: string;
  /** The record type, also the frame's `event:`: run_started, node_started, node_finished, token_delta, tool_call, tool_result, run_ended. */
  type: string;
  data: Record<string, unknown>;
  at: string;
}
