import { ApiProperty } from '@nestjs/swagger';

export const EXECUTION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export class ExecutionFinalOutput {
  @ApiProperty({ example: "I'd be happy to help! Could you provide your order number?", description: 'The final answer' })
  message: string;
}

export class ExecutionTriggerPayload {
  @ApiProperty({ example: 'Hello, I need help with my order', description: 'The chat message the execution answers' })
  text: string;
}

/** One run, as the workflow platform shows an execution (its ExecutionOut plus the detail fields). */
export class ExecutionResponse {
  @ApiProperty({ format: 'uuid', description: 'The run id: the execution_id that POST .../chat/ answered' })
  execution_id: string;

  @ApiProperty({ example: 'my-chatbot', description: "The workflow's (agent's) slug" })
  workflow_slug: string;

  @ApiProperty({ format: 'uuid', description: 'The workflow (agent) id' })
  workflow_id: string;

  @ApiProperty({ enum: EXECUTION_STATUSES })
  status: ExecutionStatus;

  @ApiProperty({ example: '', description: 'Why it failed; empty otherwise' })
  error_message: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the message was sent (the execution was created)' })
  started_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it ended (completed, failed or cancelled)' })
  completed_at: string | null;

  @ApiProperty({ example: 42, description: 'Input plus output tokens of its model calls' })
  total_tokens: number;

  @ApiProperty({ example: 0, description: 'Always 0: Forkline does not price model calls' })
  total_cost_usd: number;

  @ApiProperty({ example: 1, description: 'Model calls recorded for it' })
  llm_calls: number;

  @ApiProperty({ type: ExecutionFinalOutput, nullable: true, description: '`{message}` once completed, else null' })
  final_output: ExecutionFinalOutput | null;

  @ApiProperty({ type: ExecutionTriggerPayload, nullable: true, description: 'The message it answers (null once that was deleted)' })
  trigger_payload: ExecutionTriggerPayload | null;

  @ApiProperty({ type: Object, isArray: true, example: [], description: 'Always empty: node logs come over the WebSocket' })
  logs: object[];
}
