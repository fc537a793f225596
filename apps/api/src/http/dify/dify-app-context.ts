import { ApiProperty } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';

/** The app (agent) a request's app key stands for, and who acts for it: the agent's owner, under the request's correlation id. */
export interface DifyAppContext {
  agentId: string;
  ownerId: string;
  context: CommandContext;
}

/** Dify's error envelope, as every error of the service API answers. */
export class DifyErrorResponse {
  @ApiProperty({ example: 'invalid_param' }) code: string;
  @ApiProperty({ example: 'user: must be a string' }) message: string;
  @ApiProperty({ example: 400 }) status: number;
}
