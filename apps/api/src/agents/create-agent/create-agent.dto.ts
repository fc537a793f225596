import { ApiProperty } from '@nestjs/swagger';
import { AgentFieldsRequest } from '../agent-fields.dto';

/** A new agent: slug and name, the rest as the default agent has them unless given. */
export class CreateAgentRequest extends AgentFieldsRequest {
  @ApiProperty({ required: true, example: 'support-bot', description: 'Unique among your agents: 1-64 lowercase letters, digits, hyphens' })
  declare slug: string;

  @ApiProperty({ required: true, example: 'Support bot', maxLength: 200 })
  declare name: string;
}
