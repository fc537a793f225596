import { defineAnnotationProjector } from './projector';

/** Apps' annotations, for Dify's annotation list: created, edited, hit, deleted. */
export const annotationsProjector = defineAnnotationProjector('annotations', ['annotations'], (e) => {
  switch (e.type) {
    case 'AnnotationCreated': {
      const { annotationId, agentId, question, answer } = e.data;
      const row = { annotation_id: annotationId, agent_id: agentId, question, answer, hit_count: 0 };
      return [{ table: 'annotations', upsert: { ...row, created_at: e.occurredAt, updated_at: e.occurredAt } }];
    }
    case 'AnnotationUpdated': {
      const { annotationId, question, answer } = e.data;
      return [{ table: 'annotations', upsert: { annotation_id: annotationId, question, answer, updated_at: e.occurredAt } }];
    }
    case 'AnnotationHit':
      return [{ table: 'annotations', upsert: { annotation_id: e.data.annotationId }, increment: { hit_count: 1 } }];
    case 'AnnotationDeleted':
      return [{ table: 'annotations', delete: { annotation_id: e.data.annotationId } }];
    default:
      return [];
  }
});
