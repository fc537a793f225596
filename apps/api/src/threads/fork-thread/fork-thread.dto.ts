import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { IsId } from '../../http/id.pipe';

export class ForkThreadRequest {
  @ApiProperty({ example: 'my-new-thread' })
  @IsString()
  @IsId()
  source_thread_id: string;

  @ApiPropertyOptional({ description: 'Event number in the source to fork at (0..head); or give checkpoint_id', example: 1 })
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  event_number?: number;

  @ApiPropertyOptional({ description: 'Fork at the event number of this LangGraph checkpoint of the source, instead of event_number' })
  @IsOptional()
  @IsId()
  checkpoint_id?: string;
}

export class ForkThreadResponse {
  @ApiProperty() new_thread_id: string;
}
