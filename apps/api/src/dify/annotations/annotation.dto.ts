import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../../http/limits';
import { IgnoresUnknownFields } from '../../http/validation.pipe';

/** POST and PUT /v1/apps/annotations[/{id}] (the seed's CreateAnnotationRequest and UpdateAnnotationRequest). */
@IgnoresUnknownFields()
export class AnnotationRequest {
  @ApiProperty({ example: 'What is Dify?', description: 'The question that, asked again, gets this answer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_MESSAGE_LENGTH)
  question: string;

  @ApiProperty({ example: 'Dify is an open-source LLM application development platform.', description: 'The curated answer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_MESSAGE_LENGTH)
  answer: string;
}

@IgnoresUnknownFields()
export class AnnotationsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 99999, default: 1 })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(99999)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Only annotations whose question or answer contains it (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  keyword?: string;
}

export class AnnotationItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() question: string;
  @ApiProperty() answer: string;
  @ApiProperty({ description: 'How many queries it answered in place of the model' }) hit_count: number;
  @ApiProperty({ description: 'Unix epoch seconds' }) created_at: number;
}

export class AnnotationListResponse {
  @ApiProperty({ type: [AnnotationItem] }) data: AnnotationItem[];
  @ApiProperty() has_more: boolean;
  @ApiProperty() limit: number;
  @ApiProperty() total: number;
  @ApiProperty() page: number;
}
