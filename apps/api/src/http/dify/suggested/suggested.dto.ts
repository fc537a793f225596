import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IgnoresUnknownFields } from '../../validation.pipe';

@IgnoresUnknownFields()
export class SuggestedQuery {
  @ApiProperty({ example: 'abc-123', description: 'The end user whose conversation holds the message (required, as Dify)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  user: string;
}

/** The seed's SuggestedQuestionsResponse. */
export class SuggestedQuestionsResponse {
  @ApiProperty({ example: 'success' }) result: 'success';
  @ApiProperty({ type: [String], description: "Up to 3 follow-up questions from the agent's model; [] when it gave none" }) data: string[];
}
