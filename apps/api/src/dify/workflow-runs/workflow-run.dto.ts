import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { IgnoresUnknownFields } from '../../http/validation.pipe';
import { DifyLimit, DifyPage } from '../../http/dify/dify-paging';

const STATUSES = ['succeeded', 'failed', 'stopped'] as const;

/** GET /v1/workflows/logs filters, as the seed lists them. */
@IgnoresUnknownFields()
export class WorkflowLogsQuery {
  @ApiPropertyOptional({
    description: "Only runs whose query or answer contains it, or whose end user's session id does (case-insensitive)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  keyword?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @DifyPage() page: number = 1;

  @DifyLimit() limit: number = 20;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only runs created before this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  created_at__before?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only runs created after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  created_at__after?: string;

  @ApiPropertyOptional({ description: 'Only the runs of this end user (the `user` string their messages were sent with)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  created_by_end_user_session_id?: string;

  @ApiPropertyOptional({ description: "Only runs of messages the app's owner sent through Forkline's own faces (the owner's user id)" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  created_by_account?: string;
}

export class WorkflowRunDetail {
  @ApiProperty({ format: 'uuid', description: "The run: a chat message's task_id and workflow_run_id" }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The app (agent)' }) workflow_id: string;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed', 'stopped'] }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The message's inputs and sys.query" })
  inputs: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '{answer} once answered' })
  outputs: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ description: 'Steps the log records: 1 once the run started (node steps are live records only)' }) total_steps: number;
  @ApiProperty() total_tokens: number;
  @ApiProperty() created_at: number;
  @ApiProperty({ type: Number, nullable: true }) finished_at: number | null;
  @ApiProperty({ type: Number, nullable: true }) elapsed_time: number | null;
}

export class WorkflowRunSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Empty: the runs read model does not keep the agent version' }) version: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() elapsed_time: number;
  @ApiProperty() total_tokens: number;
  @ApiProperty() total_steps: number;
  @ApiProperty() created_at: number;
  @ApiProperty({ type: Number, nullable: true }) finished_at: number | null;
  @ApiProperty() exceptions_count: number;
  @ApiProperty({ example: 'app' }) triggered_from: string;
}

export class EndUserSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'service_api' }) type: string;
  @ApiProperty() is_anonymous: boolean;
  @ApiProperty({ description: 'The `user` string' }) session_id: string;
}

export class WorkflowAccount {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

export class WorkflowLogItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: WorkflowRunSummary }) workflow_run: WorkflowRunSummary;
  @ApiProperty({ example: 'service-api' }) created_from: string;
  @ApiProperty({ enum: ['end_user', 'account'] }) created_by_role: string;
  @ApiProperty({ type: WorkflowAccount, nullable: true }) created_by_account: WorkflowAccount | null;
  @ApiProperty({ type: EndUserSummary, nullable: true }) created_by_end_user: EndUserSummary | null;
  @ApiProperty() created_at: number;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details: Record<string, unknown> | null;
}

export class WorkflowLogsResponse {
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
  @ApiProperty() total: number;
  @ApiProperty() has_more: boolean;
  @ApiProperty({ type: [WorkflowLogItem] }) data: WorkflowLogItem[];
}
