import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiParam } from '@nestjs/swagger';
import { randomUUID } from 'crypto';
import { AnnotationsRepository } from '@forkline/event-store';
import { DifyError } from '../../http/dify-error';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { AnnotationReplyJob, AnnotationReplyJobStatus, AnnotationReplyRequest } from './annotation-reply.dto';

const ACTIONS = ['enable', 'disable'] as const;
type Action = (typeof ACTIONS)[number];

function actionOf(action: string): Action {
  if (!(ACTIONS as readonly string[]).includes(action)) throw new DifyError(400, 'invalid_param', 'action: must be enable or disable');
  return action as Action;
}

/**
 * Turns annotation reply on or off. Dify builds an embedding index in a background job; Forkline matches lexically
 * (nothing to index), so the job is the setting's event: done when the answer is sent, and its status is read back from it.
 */
@DifyController(400)
export class AnnotationReplyController {
  constructor(private readonly annotations: AnnotationsRepository) {}

  @Post('apps/annotation-reply/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ACTIONS })
  @ApiOkResponse({ type: AnnotationReplyJob })
  async set(
    @DifyApp() app: DifyAppContext,
    @Param('action') action: string,
    @Body() body: AnnotationReplyRequest,
  ): Promise<AnnotationReplyJob> {
    const enabled = actionOf(action) === 'enable';
    const { state } = await this.annotations.load(app.agentId);
    const { score_threshold, embedding_provider_name, embedding_model_name } = body;
    if (enabled) {
      const missing = Object.entries({ score_threshold, embedding_provider_name, embedding_model_name }).find(([, v]) => v === undefined);
      if (missing) throw new DifyError(400, 'invalid_param', `${missing[0]}: is required to enable annotation reply`);
    }
    // Disabling keeps the last settings, as Dify keeps the app's annotation setting row.
    const jobId = randomUUID();
    await this.annotations.execute(
      {
        type: 'SetAnnotationReply',
        agentId: app.agentId,
        jobId,
        enabled,
        scoreThreshold: score_threshold ?? state.reply?.scoreThreshold ?? 0.9,
        embeddingProviderName: embedding_provider_name ?? state.reply?.embeddingProviderName ?? '',
        embeddingModelName: embedding_model_name ?? state.reply?.embeddingModelName ?? '',
      },
      app.context,
    );
    return { job_id: jobId, job_status: 'completed' };
  }

  /** A job of this app and this action; any other is Dify's 400 "The job does not exist.". */
  @Get('apps/annotation-reply/:action/status/:job_id')
  @ApiParam({ name: 'action', enum: ACTIONS })
  @ApiOkResponse({ type: AnnotationReplyJobStatus })
  async status(
    @DifyApp() app: DifyAppContext,
    @Param('action') action: string,
    @Param('job_id') jobId: string,
  ): Promise<AnnotationReplyJobStatus> {
    const wanted = actionOf(action);
    const { state } = await this.annotations.load(app.agentId);
    const id = jobId.toLowerCase();
    if (state.jobs.get(id) !== wanted) throw new DifyError(400, 'invalid_param', 'The job does not exist.');
    return { job_id: id, job_status: 'completed', error_msg: '' };
  }
}
