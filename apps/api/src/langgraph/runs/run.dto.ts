import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const RUN_STATUSES = ['pending', 'running', 'error', 'success', 'timeout', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run as the LangGraph SDK's `Run` type has it. */
export class LgRun {
  @ApiProperty({ format: 'uuid', description: "Forkline's run id: the run answering the message the input became" })
  run_id: string;

  @ApiProperty({ description: 'The thread it runs on' })
  thread_id: string;

  @ApiProperty({ format: 'uuid', description: 'The assistant (agent) answering' })
  assistant_id: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  @ApiProperty({ enum: RUN_STATUSES, description: 'Forkline: completed = success, failed = error, stopped = interrupted' })
  status: RunStatus;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: Record<string, unknown>;

  @ApiProperty({ enum: ['reject', 'enqueue', 'interrupt', 'rollback'], nullable: true })
  multitask_strategy: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  kwargs?: Record<string, unknown>;
}

/** What a finished run left: the thread's state (`values`), or the error it ended with. */
export class RunOutput {
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'LangChain messages' })
  messages?: unknown[];

  @ApiPropertyOptional({ description: 'A failed run: `{error, message}` (the SDK throws it)', type: 'object', additionalProperties: true })
  __error__?: { error: string; message: string };
}
