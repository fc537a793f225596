import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsId } from '../../http/id.pipe';
import { IgnoresUnknownFields } from '../../http/validation.pipe';

export const THREAD_STATUSES = ['idle', 'busy', 'interrupted', 'error'] as const;
const SORT_KEYS = ['thread_id', 'status', 'created_at', 'updated_at'] as const;

/** The SDK's `threads.create` body (`supersteps`, `ttl` are ignored). */
@IgnoresUnknownFields()
export class CreateLangGraphThreadRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsId() thread_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['raise', 'do_nothing'], default: 'raise' })
  @IsOptional()
  @IsIn(['raise', 'do_nothing'])
  if_exists?: 'raise' | 'do_nothing';
}

@IgnoresUnknownFields()
export class UpdateLangGraphThreadRequest {
  @ApiPropertyOptional({ description: 'Merged into the metadata' }) @IsOptional() @IsObject() metadata?: Record<string, unknown>;
}

/** The SDK's `threads.search` / `threads.count` body. */
@IgnoresUnknownFields()
export class SearchLangGraphThreadsRequest {
  @ApiPropertyOptional({ description: 'Threads whose metadata contains this object' }) @IsOptional() @IsObject() metadata?: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) ids?: string[];
  @ApiPropertyOptional({ enum: THREAD_STATUSES }) @IsOptional() @IsIn(THREAD_STATUSES) status?: (typeof THREAD_STATUSES)[number];
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ enum: SORT_KEYS })
  @IsOptional()
  @IsIn(SORT_KEYS)
  sort_by?: (typeof SORT_KEYS)[number];
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @IsOptional() @IsIn(['asc', 'desc']) sort_order?: 'asc' | 'desc';
}

/** LangGraph's `Thread`. */
export class LangGraphThreadResponse {
  @ApiProperty() thread_id: string;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
  @ApiProperty() state_updated_at: string;
  @ApiProperty() metadata: Record<string, unknown>;
  @ApiProperty({ enum: THREAD_STATUSES }) status: string;
  @ApiProperty({ description: "The newest head's state values (messages in LangChain's dict form)" }) values: Record<string, unknown>;
  @ApiProperty() interrupts: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

/**
 * A copy as LangGraph's own server answers one: the new thread's row, without its state (GET /threads/{id} and its
 * state have that), so a copy answers in the same time whatever the length of the thread it copies.
 */
export class LangGraphCopyResponse {
  @ApiProperty() thread_id: string;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
  @ApiProperty({ description: "The source's metadata" }) metadata: Record<string, unknown>;
  @ApiProperty({ enum: THREAD_STATUSES }) status: string;
  @ApiProperty({ description: 'Always {}' }) config: Record<string, unknown>;
  @ApiProperty({ description: 'Always {}' }) interrupts: Record<string, unknown>;
}
