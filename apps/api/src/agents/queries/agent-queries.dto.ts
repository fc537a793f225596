import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId } from '../../http/id.pipe';
import { PageLimit } from '../../http/pagination';

/** A page of the caller's agents. */
export class AgentPage extends PageLimit {
  @ApiPropertyOptional({ description: 'Only the agents after the one with this agent_id (the last of the previous page)' })
  @IsOptional()
  @IsId()
  after?: string;
}
