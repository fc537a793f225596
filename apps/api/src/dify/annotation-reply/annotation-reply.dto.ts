import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IgnoresUnknownFields } from '../../http/validation.pipe';

/** POST /v1/apps/annotation-reply/{action} (the seed's InitialAnnotationReplySettingsRequest); `enable` needs all three. */
@IgnoresUnknownFields()
export class AnnotationReplyRequest {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    example: 0.9,
    description: 'The lowest similarity (0-1) at which an annotation answers a query (lexical similarity: see the README)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  @Min(0)
  @Max(1)
  score_threshold?: number;

  @ApiPropertyOptional({ example: 'openai', description: 'Recorded as given; no embedding provider is called' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  embedding_provider_name?: string;

  @ApiPropertyOptional({ example: 'text-embedding-3-small', description: 'Recorded as given; no embedding model is called' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  embedding_model_name?: string;
}

export class AnnotationReplyJob {
  @ApiProperty({ format: 'uuid' }) job_id: string;
  @ApiProperty({ example: 'completed', description: 'The setting is recorded before the answer: the job is already completed' })
  job_status: string;
}

export class AnnotationReplyJobStatus extends AnnotationReplyJob {
  @ApiProperty({ example: '', description: 'Empty unless job_status is error' }) error_msg: string;
}
