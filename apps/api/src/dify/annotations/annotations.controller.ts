import { Body, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { randomUUID } from 'crypto';
import { Annotation, AnnotationNotFound } from '@forkline/domain';
import { AnnotationsRepository, Position } from '@forkline/event-store';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { DifyError } from '../../http/dify-error';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { AnnotationItem, AnnotationListResponse, AnnotationRequest, AnnotationsQuery } from './annotation.dto';

const itemOf = (a: Annotation): AnnotationItem => ({
  id: a.id,
  question: a.question,
  answer: a.answer,
  hit_count: a.hitCount,
  created_at: Math.floor(Date.parse(a.createdAt) / 1000),
});
const itemOfRow = (r: RowOf<'annotations'>): Annotation => ({
  id: r.annotation_id,
  question: r.question,
  answer: r.answer,
  hitCount: r.hit_count,
  createdAt: r.created_at,
});

/** Dify's 404 for an annotation the app does not have (another app's included). */
async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AnnotationNotFound) throw new DifyError(404, 'not_found', 'Annotation not found.');
    throw error;
  }
}

/** The app's annotations (curated answers to questions), newest first; each app sees only its own. */
@DifyController(400, 404)
export class AnnotationsController {
  constructor(
    private readonly annotations: AnnotationsRepository,
    private readonly projections: ProjectionsService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  /** Applied to the read model before the answer, so the next list shows it (read-your-writes). */
  private async applied<T extends { position?: Position }>(work: Promise<T>): Promise<T> {
    const outcome = await orNotFound(work);
    await this.projections.waitForReadModels(outcome.position);
    return outcome;
  }

  @Post('apps/annotations')
  @ApiCreatedResponse({ type: AnnotationItem })
  async create(@DifyApp() app: DifyAppContext, @Body() body: AnnotationRequest): Promise<AnnotationItem> {
    const annotationId = randomUUID();
    const { state } = await this.applied(
      this.annotations.execute(
        { type: 'CreateAnnotation', agentId: app.agentId, annotationId, question: body.question, answer: body.answer },
        app.context,
      ),
    );
    return itemOf(state.annotations.get(annotationId)!);
  }

  @Get('apps/annotations')
  @ApiOkResponse({ type: AnnotationListResponse })
  async list(@DifyApp() app: DifyAppContext, @Query() query: AnnotationsQuery): Promise<AnnotationListResponse> {
    const rows = await this.readStore.query('annotations', { agent_id: app.agentId }, { orderBy: 'created_at', desc: true });
    const keyword = query.keyword?.trim().toLowerCase();
    const matching = rows
      .map(itemOfRow)
      .filter((a) => !keyword || a.question.toLowerCase().includes(keyword) || a.answer.toLowerCase().includes(keyword));
    const { page, limit } = query;
    const data = matching.slice((page - 1) * limit, page * limit).map(itemOf);
    return { data, has_more: page * limit < matching.length, limit, total: matching.length, page };
  }

  @Put('apps/annotations/:annotation_id')
  @ApiOkResponse({ type: AnnotationItem })
  async update(
    @DifyApp() app: DifyAppContext,
    @Param('annotation_id') annotationId: string,
    @Body() body: AnnotationRequest,
  ): Promise<AnnotationItem> {
    const id = annotationId.toLowerCase();
    const { state } = await this.applied(
      this.annotations.execute(
        { type: 'UpdateAnnotation', agentId: app.agentId, annotationId: id, question: body.question, answer: body.answer },
        app.context,
      ),
    );
    return itemOf(state.annotations.get(id)!);
  }

  @Delete('apps/annotations/:annotation_id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (no body)' })
  async remove(@DifyApp() app: DifyAppContext, @Param('annotation_id') annotationId: string): Promise<void> {
    await this.applied(
      this.annotations.execute({ type: 'DeleteAnnotation', agentId: app.agentId, annotationId: annotationId.toLowerCase() }, app.context),
    );
  }
}
