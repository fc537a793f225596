import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
import { IgnoresUnknownFields } from '../../http/validation.pipe';

/** The SDK's `assistants.search` body (fields it sends that Forkline does not filter by, such as `select`, are ignored). */
@IgnoresUnknownFields()
export class AssistantSearchRequest {
  @ApiPropertyOptional({ description: "The agent's slug" }) @IsOptional() @IsString() graph_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional({ description: 'Matches agents whose metadata contains this object' }) @IsOptional() @IsObject() metadata?: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ enum: ['assistant_id', 'graph_id', 'name', 'created_at', 'updated_at'] })
  @IsOptional()
  @IsIn(['assistant_id', 'graph_id', 'name', 'created_at', 'updated_at'])
  sort_by?: string;
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @IsOptional() @IsIn(['asc', 'desc']) sort_order?: 'asc' | 'desc';
}

/** A Forkline agent as LangGraph's `Assistant`: assistant_id is the agent id, graph_id its slug. */
export class AssistantResponse {
  @ApiProperty() assistant_id: string;
  @ApiProperty({ description: "The agent's slug" }) graph_id: string;
  @ApiProperty() config: Record<string, unknown>;
  @ApiProperty() context: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) created_at: string | null;
  @ApiProperty({ nullable: true, type: String }) updated_at: string | null;
  @ApiProperty() metadata: Record<string, unknown>;
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
}

export class GraphNodeDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() data: Record<string, unknown>;
  @ApiProperty() metadata: Record<string, unknown>;
}

export class GraphEdgeDto {
  @ApiProperty() source: string;
  @ApiProperty() target: string;
  @ApiProperty() conditional: boolean;
}

export class AssistantGraphResponse {
  @ApiProperty({ type: [GraphNodeDto] }) nodes: GraphNodeDto[];
  @ApiProperty({ type: [GraphEdgeDto] }) edges: GraphEdgeDto[];
}
