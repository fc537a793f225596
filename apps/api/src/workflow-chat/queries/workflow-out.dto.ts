import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { PageLimit } from '../../http/pagination';

/** Pipelit's WorkflowOut, as far as an agent has its fields (schemas/workflow.py). */
export class WorkflowOut {
  @ApiProperty({ description: 'The agent id (Pipelit numbers its workflows; Forkline agents have UUIDs)' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'my-chatbot' }) slug: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'Always true: a deleted agent is gone' }) is_active: boolean;
  @ApiProperty({ description: 'Always false: agents are private to their owner' }) is_public: boolean;
  @ApiProperty({ description: "True for the caller's default agent (slug assistant)" }) is_default: boolean;
  @ApiProperty({ type: [String], nullable: true, description: "The agent's metadata.tags when it is a list of strings" })
  tags: string[] | null;
  @ApiProperty({ type: Number, nullable: true }) error_handler_workflow_id: null;
  @ApiProperty({ type: Number, nullable: true }) max_execution_seconds: null;
  @ApiProperty({ type: Object, nullable: true }) input_schema: null;
  @ApiProperty({ type: Object, nullable: true }) output_schema: null;
  @ApiProperty({ description: 'Its chat triggers plus the agent node' }) node_count: number;
  @ApiProperty({ description: 'One per trigger (trigger -> agent)' }) edge_count: number;
  @ApiProperty({ type: String, nullable: true, description: 'Null for a default agent never edited' }) created_at: string | null;
  @ApiProperty({ type: String, nullable: true }) updated_at: string | null;
}

export class WorkflowNodeOut {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'trigger_chat' }) node_id: string;
  @ApiProperty() label: string;
  @ApiProperty({ example: 'trigger_chat', description: 'trigger_chat for a chat trigger, agent for the agent itself' })
  component_type: string;
  @ApiProperty() is_entry_point: boolean;
  @ApiProperty({ type: Object }) config: Record<string, unknown>;
}

export class WorkflowEdgeOut {
  @ApiProperty() id: string;
  @ApiProperty() source_node_id: string;
  @ApiProperty() target_node_id: string;
  @ApiProperty({ example: 'direct' }) edge_type: string;
}

/** Pipelit's WorkflowDetailOut: the workflow with its nodes and edges. */
export class WorkflowDetailOut extends WorkflowOut {
  @ApiProperty({ type: [WorkflowNodeOut] }) nodes: WorkflowNodeOut[];
  @ApiProperty({ type: [WorkflowEdgeOut] }) edges: WorkflowEdgeOut[];
}

export class WorkflowListOut {
  @ApiProperty({ type: [WorkflowOut] }) items: WorkflowOut[];
  @ApiProperty({ description: 'How many workflows the caller has' }) total: number;
}

/** Pipelit's list paging: `limit` (validated as every page's; absent: 50, not all) and `offset` (default 0). */
export class WorkflowListQuery extends PageLimit {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @Min(0, { message: 'must not be less than 0' })
  @IsInt({ message: 'must be an integer' })
  offset?: number;
}
// Documented anew (its default differs, and Pipelit's list has no Link header), without redeclaring the inherited field.
ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50, description: 'At most this many workflows (1-1000)' })(
  WorkflowListQuery.prototype,
  'limit',
);
