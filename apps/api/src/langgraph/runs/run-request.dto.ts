import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IgnoresUnknownFields } from '../../http/validation.pipe';
import { STREAM_MODES, StreamMode } from './run-frames';

export const MULTITASK_STRATEGIES = ['reject', 'enqueue', 'interrupt', 'rollback'] as const;
export type MultitaskStrategy = (typeof MULTITASK_STRATEGIES)[number];

/** A string or a list of them, as the SDK sends stream_mode: always a list here. */
const asList = ({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value);

/** A run to start: the SDK's RunCreate (its other fields, e.g. webhook, interrupt_before, are accepted and have no effect). */
@IgnoresUnknownFields()
export class RunCreateRequest {
  @ApiProperty({ description: "The assistant: an agent's id or its slug (as a graph id)", example: 'assistant' })
  @IsString({ message: 'must be a string' })
  @MaxLength(200)
  assistant_id: string;

  @ApiPropertyOptional({
    description: 'The new input: `{messages: [one human message]}` (`{type: "human", content}` or `{role: "user", content}`)',
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { messages: [{ type: 'human', content: 'Hello' }] },
  })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  input?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'Resuming an interrupt: Forkline agents do not interrupt, so only null', nullable: true })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  command?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Accepted; the agent definition configures runs' })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  config?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The run's metadata, shown on the Run" })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Run from this checkpoint `{checkpoint_id}`' })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  checkpoint?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'Run from this checkpoint' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  checkpoint_id?: string | null;

  @ApiPropertyOptional({ enum: STREAM_MODES, isArray: true, description: 'A mode or a list of them (default values)' })
  @IsOptional()
  @Transform(asList)
  @IsArray({ message: 'must be a stream mode or a list of them' })
  @IsIn(STREAM_MODES, { each: true, message: `must be among ${STREAM_MODES.join(', ')}` })
  stream_mode?: StreamMode[] | null;

  @ApiPropertyOptional({ description: 'Accepted: every run can be rejoined while its live records are kept' })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean' })
  stream_resumable?: boolean | null;

  @ApiPropertyOptional({ enum: ['cancel', 'continue'], description: 'cancel: a stream closed before the end stops the run' })
  @IsOptional()
  @IsIn(['cancel', 'continue'])
  on_disconnect?: 'cancel' | 'continue' | null;

  @ApiPropertyOptional({ enum: MULTITASK_STRATEGIES, description: 'When the thread is busy (default reject: 409)' })
  @IsOptional()
  @IsIn(MULTITASK_STRATEGIES)
  multitask_strategy?: MultitaskStrategy | null;

  @ApiPropertyOptional({ enum: ['create', 'reject'], description: 'create: a missing thread is created (default reject: 404)' })
  @IsOptional()
  @IsIn(['create', 'reject'])
  if_not_exists?: 'create' | 'reject' | null;

  @ApiPropertyOptional({ enum: ['delete', 'keep'], description: 'Stateless runs: what becomes of the temporary thread (default delete)' })
  @IsOptional()
  @IsIn(['delete', 'keep'])
  on_completion?: 'delete' | 'keep' | null;
}

export class RunListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(1_000_000)
  offset?: number;

  @ApiPropertyOptional({ enum: ['pending', 'running', 'error', 'success', 'timeout', 'interrupted'] })
  @IsOptional()
  @IsIn(['pending', 'running', 'error', 'success', 'timeout', 'interrupted'])
  status?: string;

  @ApiPropertyOptional({ description: 'Accepted; every field is returned' })
  @IsOptional()
  select?: unknown;
}

export class CancelQuery {
  @ApiPropertyOptional({ enum: ['0', '1', 'true', 'false'], description: '1: answer once the run is over (204), else at once (202)' })
  @IsOptional()
  @IsIn(['0', '1', 'true', 'false'])
  wait?: string;

  @ApiPropertyOptional({ enum: ['interrupt', 'rollback'], description: 'rollback: the run and its messages are also deleted' })
  @IsOptional()
  @IsIn(['interrupt', 'rollback'])
  action?: 'interrupt' | 'rollback';

  @ApiPropertyOptional({ description: 'Accepted and ignored' })
  @IsOptional()
  @IsString()
  reason?: string;
}

export class JoinQuery {
  @ApiPropertyOptional({ enum: ['0', '1', 'true', 'false'], description: '1: the run stops when this request is closed early' })
  @IsOptional()
  @IsIn(['0', '1', 'true', 'false'])
  cancel_on_disconnect?: string;

  @ApiPropertyOptional({ enum: STREAM_MODES, isArray: true, description: 'Stream only (default: values)' })
  @IsOptional()
  @Transform(asList)
  @IsArray({ message: 'must be a stream mode or a list of them' })
  @IsIn(STREAM_MODES, { each: true, message: `must be among ${STREAM_MODES.join(', ')}` })
  stream_mode?: StreamMode[];

  @ApiPropertyOptional({ description: 'Stream only: accepted and ignored (Forkline streams have no subgraphs)' })
  @IsOptional()
  namespace?: unknown;

  @ApiPropertyOptional({ description: 'Stream only: accepted and ignored' })
  @IsOptional()
  @IsString()
  checkpoint_id?: string;
}
