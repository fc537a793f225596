import { Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext, DifyErrorResponse } from '../../http/dify/dify-app-context';
import { DifyFiles, fileEndUser } from '../../http/dify/files/dify-files';
import { FilePreviewQuery, FileUploadForm, FileUploadResponse, uploadResponse } from '../../http/dify/files/file.dto';
import { previewUrl, publicBase } from '../../http/dify/files/file-urls';
import { readUpload } from '../../http/dify/files/multipart';
import { UploadLimits } from '../../http/dify/files/upload-limits';

/** Uploads for an app's end users, and their bytes back. */
@DifyController(400, 404)
export class FilesController {
  constructor(
    private readonly files: DifyFiles,
    private readonly limits: UploadLimits,
  ) {}

  @Post('files/upload')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: FileUploadForm })
  @ApiCreatedResponse({ type: FileUploadResponse })
  @ApiResponse({ status: 413, type: DifyErrorResponse, description: '`file_too_large` (UPLOAD_*_FILE_SIZE_LIMIT, by category)' })
  @ApiResponse({ status: 415, type: DifyErrorResponse, description: '`unsupported_file_type` (UPLOAD_FILE_EXTENSIONS)' })
  async upload(
    @DifyApp() app: DifyAppContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FileUploadResponse> {
    const { file, user } = await readUpload(req, res, this.limits.largest);
    const uploaded = await this.files.upload(app, user, file);
    return uploadResponse(uploaded, previewUrl(publicBase(req), uploaded.fileId, user));
  }

  @Get('files/:file_id/preview')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description: "The file's bytes, with its Content-Type; as_attachment=true adds Content-Disposition: attachment",
  })
  async preview(
    @DifyApp() app: DifyAppContext,
    @Param('file_id') id: string,
    @Query() query: FilePreviewQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.files.find(app, fileEndUser(app, query.user), id);
    const blob = await this.files.bytes(file);
    if (query.as_attachment) res.attachment(file.name);
    // The type it was uploaded with (attachment() would have guessed one from the name).
    res.setHeader('Content-Type', file.mimeType);
    return new StreamableFile(blob.bytes, { type: file.mimeType, length: blob.bytes.length });
  }
}
