import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { IsId } from '../../http/id.pipe';

export class CreateThreadRequest {
  @ApiPropertyOptional({ description: 'Client-chosen id; generated when omitted', example: 'my-new-thread' })
  @IsOptional()
  @IsString()
  @IsId()
  thread_id?: string;

  @ApiPropertyOptional({ description: 'One of your agents (GET /agents) that answers in the thread; your default agent when omitted' })
  @IsOptional()
  @IsString()
  @IsId()
  agent_id?: string;
}

export class CreateThreadResponse {
  @ApiProperty() thread_id: string;
  @ApiProperty({ description: 'Id of the ThreadCreated event' }) event_id: string;
}
