import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
import { IgnoresUnknownFields } from '../../http/validation.pipe';

/** `before` as the SDK sends it (a Config `{configurable: {checkpoint_id}}`) or as a bare checkpoint id. */
export type BeforeParam = string | { configurable?: { checkpoint_id?: unknown } };

@IgnoresUnknownFields()
export class HistoryRequest {
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ description: 'Only checkpoints older than this one: its id, or `{configurable: {checkpoint_id}}`' })
  @IsOptional()
  before?: BeforeParam;
  @ApiPropertyOptional() @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ description: '`{checkpoint_id}`: that checkpoint only' }) @IsOptional() @IsObject() checkpoint?: {
    checkpoint_id?: unknown;
  };
}

@IgnoresUnknownFields()
export class StateAtCheckpointRequest {
  @ApiProperty({ description: '`{checkpoint_id}`' }) @IsObject() checkpoint: { checkpoint_id?: unknown };
}

export class CheckpointRefDto {
  @ApiProperty() thread_id: string;
  @ApiProperty() checkpoint_ns: string;
  @ApiProperty() checkpoint_id: string;
  @ApiProperty({ nullable: true, type: Object }) checkpoint_map: null;
}

/** LangGraph's `ThreadState`. */
export class ThreadStateResponse {
  @ApiProperty() values: Record<string, unknown>;
  @ApiProperty({ type: [String] }) next: string[];
  @ApiProperty({ type: [Object] }) tasks: unknown[];
  @ApiProperty({ type: CheckpointRefDto, nullable: true }) checkpoint: CheckpointRefDto | null;
  @ApiPropertyOptional() metadata?: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) created_at: string | null;
  @ApiProperty({ type: CheckpointRefDto, nullable: true }) parent_checkpoint: CheckpointRefDto | null;
}

/** The SDK's `threads.updateState` body. */
@IgnoresUnknownFields()
export class UpdateStateRequest {
  @ApiProperty({ description: '`{messages: [...]}` (appended or replaced by id), `plan`, `results`' }) @IsDefined() values: unknown;
  @ApiPropertyOptional() @IsOptional() checkpoint_id?: unknown;
  @ApiPropertyOptional({ description: '`{checkpoint_id}`' }) @IsOptional() @IsObject() checkpoint?: { checkpoint_id?: unknown };
  @ApiPropertyOptional() @IsOptional() @IsString() as_node?: string;
}

export class UpdateStateResponse {
  @ApiProperty({ type: CheckpointRefDto }) checkpoint: CheckpointRefDto;
  @ApiProperty({ type: CheckpointRefDto }) configurable: CheckpointRefDto;
}
