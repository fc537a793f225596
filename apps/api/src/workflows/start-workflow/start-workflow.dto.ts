import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsId } from '../../http/id.pipe';
import { MAX_MESSAGE_LENGTH } from '../../http/limits';

export const WORKFLOW_MODES = ['Actionplan', 'React'] as const;
export type WorkflowMode = (typeof WORKFLOW_MODES)[number];

export class StartWorkflowQuery {
  @IsOptional()
  @IsId()
  workflowId?: string;

  @IsOptional()
  @IsIn(WORKFLOW_MODES, { message: `must be one of: ${WORKFLOW_MODES.join(', ')}` })
  workflowMode?: WorkflowMode;
}

export class AttachedFileInput {
  @IsOptional()
  @IsId()
  id?: string;

  @IsString()
  @MaxLength(255)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  mimeType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  size?: number;

  /** Text content: lets the React agent look things up in the file. */
  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  content?: string;
}

export class UserInputRequest {
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_MESSAGE_LENGTH)
  input: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttachedFileInput)
  files?: AttachedFileInput[];

  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}
