import { Delete, Get, HttpCode, Post } from '@nestjs/common';
import { DifyError } from '../../http/dify-error';
import { DifyWebController } from '../dify-web-app';
import { notCompletionApp, notWorkflowApp } from './unsupported';

/**
 * The routes of Dify's completion and workflow apps: every Forkline app is a chat app, so each answers as Dify answers
 * a chat app there, after the passport check Dify makes first. Nothing is written.
 */
@DifyWebController(400)
export class WebOtherAppModesController {
  @Post(['completion-messages', 'completion-messages/:task_id/stop'])
  @HttpCode(400)
  completion(): never {
    throw notCompletionApp();
  }

  @Get('messages/:message_id/more-like-this')
  @HttpCode(400)
  moreLikeThis(): never {
    throw notCompletionApp();
  }

  @Get('saved-messages')
  @HttpCode(400)
  savedMessages(): never {
    throw notCompletionApp();
  }

  @Post('saved-messages')
  @HttpCode(400)
  saveMessage(): never {
    throw notCompletionApp();
  }

  @Delete('saved-messages/:message_id')
  @HttpCode(400)
  unsaveMessage(): never {
    throw notCompletionApp();
  }

  @Post(['workflows/run', 'workflows/tasks/:task_id/stop'])
  @HttpCode(400)
  workflow(): never {
    throw notWorkflowApp();
  }

  @Get('workflow/:task_id/events')
  @HttpCode(400)
  workflowEvents(): never {
    throw notWorkflowApp();
  }

  /** Fetching a URL the client names would let anyone make the server call any address (SSRF): bytes come by upload. */
  @Post('remote-files/upload')
  @HttpCode(400)
  remoteUpload(): never {
    throw remoteFiles();
  }

  @Get('remote-files/:url')
  @HttpCode(400)
  remoteInfo(): never {
    throw remoteFiles();
  }
}

const remoteFiles = () =>
  new DifyError(
    400,
    'invalid_param',
    "Forkline does not fetch URLs server-side (a server-side request forgery risk): upload the file's bytes with POST /api/files/upload.",
  );
