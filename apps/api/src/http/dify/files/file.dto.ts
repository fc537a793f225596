import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { UploadedFile } from '@forkline/event-store';
import { IgnoresUnknownFields } from '../../validation.pipe';

/** The multipart form of POST /v1/files/upload (documentation: the controller reads the form itself). */
export class FileUploadForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The one file (its part must be named `file` and have a filename)' })
  file: unknown;
  @ApiPropertyOptional({ example: 'abc-123', description: 'The end user uploading it: only they can use and preview it' })
  user?: string;
}

const nullable = { nullable: true, type: String };

/** The seed's FileUploadResponse. */
export class FileUploadResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ ...nullable, example: 'png' }) extension: string | null;
  @ApiProperty({ ...nullable, example: 'image/png' }) mime_type: string | null;
  @ApiProperty({ ...nullable, format: 'uuid', description: 'The end user who uploaded it' }) created_by: string | null;
  @ApiProperty({ description: 'Epoch seconds' }) created_at: number;
  @ApiProperty({ ...nullable, description: 'Where GET /v1/files/{id}/preview serves it (with the app key)' }) preview_url: string | null;
  @ApiProperty(nullable) source_url: string | null;
  @ApiProperty(nullable) original_url: string | null;
  @ApiProperty({ ...nullable, format: 'uuid', description: 'The end user who uploaded it' }) user_id: string | null;
  @ApiProperty({ ...nullable, format: 'uuid' }) tenant_id: string | null;
  @ApiProperty({ ...nullable, format: 'uuid', description: 'null: files are not tied to one conversation' }) conversation_id: string | null;
  @ApiProperty({ ...nullable, description: 'Its key in the blob store' }) file_key: string | null;
}

@IgnoresUnknownFields()
export class FilePreviewQuery {
  @ApiPropertyOptional({ example: 'abc-123', description: 'The end user who uploaded it (absent: the anonymous end user)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user?: string;

  @ApiPropertyOptional({ default: false, description: 'true: sent as a download (Content-Disposition: attachment)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  as_attachment?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uploadResponse(file: UploadedFile, previewUrl: string): FileUploadResponse {
  return {
    id: file.fileId,
    name: file.name,
    size: file.size,
    extension: file.extension || null,
    mime_type: file.mimeType,
    created_by: file.endUserId,
    created_at: Math.floor(Date.parse(file.createdAt) / 1000),
    preview_url: previewUrl,
    source_url: null,
    original_url: null,
    user_id: file.endUserId,
    tenant_id: UUID.test(file.ownerId) ? file.ownerId : null,
    conversation_id: null,
    file_key: `files/${file.fileId}`,
  };
}

/** The seed's MessageFileItem: a file of a message, as GET /v1/messages lists it. */
export class MessageFileItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty({ example: 'image' }) type: string;
  @ApiProperty({ ...nullable, format: 'url', description: 'An upload: its preview address (with the app key); a link: itself' })
  url: string | null;
  @ApiProperty(nullable) mime_type: string | null;
  @ApiProperty({ nullable: true, type: Number }) size: number | null;
  @ApiProperty({ enum: ['local_file', 'remote_url'] }) transfer_method: string;
  @ApiProperty({ ...nullable, example: 'user' }) belongs_to: string | null;
  @ApiProperty({ ...nullable, format: 'uuid' }) upload_file_id: string | null;
}
