import { Injectable, Logger } from '@nestjs/common';
import { Annotation } from '@forkline/domain';
import { AgentRepository, AnnotationsRepository } from '@forkline/event-store';
import { ProjectionsService } from '../../../infrastructure/projections.service';
import { DifyAppContext } from '../dify-app-context';
import { matchAnnotation } from './annotation-match';
import { AnnotationReplyMetadata } from './turn-chunks';

/** The annotation that answers a query in place of the model, with the agent version its run records. */
export interface AnnotationAnswer {
  annotation: Annotation;
  agent: { agentId: string; agentVersion: number };
}

/**
 * Dify's annotation reply: when the app has it enabled, a query like an annotation's question (lexically, at or above
 * the score threshold: see annotation-match.ts) is answered with the annotation's answer, and its hit counted.
 */
@Injectable()
export class AnnotationReplies {
  private readonly logger = new Logger('DifyAnnotations');

  constructor(
    private readonly annotations: AnnotationsRepository,
    private readonly agents: AgentRepository,
    private readonly projections: ProjectionsService,
  ) {}

  async find(app: DifyAppContext, query: string): Promise<AnnotationAnswer | null> {
    const { state } = await this.annotations.load(app.agentId);
    if (!state.reply?.enabled) return null;
    const match = matchAnnotation(query, state.annotations.values(), state.reply.scoreThreshold);
    if (!match) return null;
    const agent = await this.agents.find(app.ownerId, app.agentId);
    if (!agent) return null;
    return { annotation: match.annotation, agent: { agentId: agent.agentId, agentVersion: agent.version } };
  }

  /** Counts the hit (hit_count); the answer stands even if counting fails. */
  async hit(app: DifyAppContext, answer: AnnotationAnswer, messageId: string): Promise<AnnotationReplyMetadata> {
    const annotationId = answer.annotation.id;
    try {
      const { position } = await this.annotations.execute(
        { type: 'RecordAnnotationHit', agentId: app.agentId, annotationId, messageId },
        app.context,
      );
      await this.projections.waitForReadModels(position);
    } catch (error) {
      this.logger.warn(`hit of annotation '${annotationId}' not counted: ${error}`);
    }
    return { id: annotationId, account: { id: app.ownerId, name: app.ownerId } };
  }
}
