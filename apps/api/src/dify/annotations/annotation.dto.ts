import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../../http/limits';
import { IgnoresUnknownFields } from '../../http/validation.pipe';
import { DifyLimit, DifyPage } from '../../http/dify/dify-paging';

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
  @DifyPage() page: number = 1;

  @DifyLimit() limit: number = 20;

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
