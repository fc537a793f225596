import { HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DifyErrorResponse } from '../../http/dify/dify-app-context';
import { DifyFiles } from '../../http/dify/files/dify-files';
import { FileUploadResponse, uploadResponse } from '../../http/dify/files/file.dto';
import { previewUrl, publicBase } from '../../http/dify/files/file-urls';
import { readUpload } from '../../http/dify/files/multipart';
import { UploadLimits } from '../../http/dify/files/upload-limits';
import { DifyWebContext, DifyWebController, WebApp } from '../dify-web-app';

/** POST /api/files/upload, multipart/form-data: the file only (the passport names the end user). */
export class WebFileUploadForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The one file (its part must be named `file` and have a filename)' })
  file: unknown;
  @ApiPropertyOptional({ description: "Dify's `source` (`datasets` for knowledge uploads); ignored" })
  source?: string;
}

/** Uploads of the passport's end user: the same files as the service API's, attached to chat messages as `local_file`. */
@DifyWebController(400)
export class WebFilesController {
  constructor(
    private readonly files: DifyFiles,
    private readonly limits: UploadLimits,
  ) {}

  @Post('files/upload')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: WebFileUploadForm })
  @ApiCreatedResponse({
    type: FileUploadResponse,
    description: "preview_url: the service API's preview (an app key's; the web API serves no preview)",
  })
  @ApiResponse({ status: 413, type: DifyErrorResponse, description: '`file_too_large` (UPLOAD_*_FILE_SIZE_LIMIT, by category)' })
  @ApiResponse({ status: 415, type: DifyErrorResponse, description: '`unsupported_file_type` (UPLOAD_FILE_EXTENSIONS)' })
  async upload(@WebApp() app: DifyWebContext, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<FileUploadResponse> {
    // A `user` form field is read but not used: whose the file is, the passport says.
    const { file } = await readUpload(req, res, this.limits.largest);
    const uploaded = await this.files.upload(app, undefined, file, app.endUserId);
    return uploadResponse(uploaded, previewUrl(publicBase(req), uploaded.fileId, undefined));
  }
}
