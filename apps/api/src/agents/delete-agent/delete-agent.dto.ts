import { ApiProperty } from '@nestjs/swagger';

export class DeleteAgentResponse {
  @ApiProperty() agent_id: string;
  @ApiProperty({ example: true }) deleted: boolean;
}
