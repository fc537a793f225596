import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';

export const FILE_TYPES = ['image', 'document', 'audio', 'video', 'custom'] as const;
export const TRANSFER_METHODS = ['remote_url', 'local_file'] as const;

/** One of a chat message's `files` (the seed's ChatRequest.files item). */
export class ChatFileInput {
  @ApiProperty({ enum: FILE_TYPES })
  @IsIn(FILE_TYPES)
  type: (typeof FILE_TYPES)[number];

  @ApiProperty({ enum: TRANSFER_METHODS, description: 'local_file: an upload of this end user (upload_file_id); remote_url: a link (url)' })
  @IsIn(TRANSFER_METHODS)
  transfer_method: (typeof TRANSFER_METHODS)[number];

  @ApiPropertyOptional({ format: 'url', description: 'The http(s) address (remote_url); recorded as given, never fetched' })
  @ValidateIf((file: ChatFileInput) => file.transfer_method === 'remote_url')
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'must be an http(s) URL' })
  url?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The id /v1/files/upload gave (local_file)' })
  @ValidateIf((file: ChatFileInput) => file.transfer_method === 'local_file')
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  upload_file_id?: string;
}
