import { at, SAMPLE_CONVERSATION, timeAt } from '../sample-conversation';
import { annotationsProjector } from './annotations.projector';

describe('annotations projector', () => {
  it('files a new annotation under its app with no hits; an edit keeps its hits and creation time', () => {
    const created = at(3, { type: 'AnnotationCreated', data: { agentId: 'g', annotationId: 'n', question: 'Q?', answer: 'A.' } });
    expect(annotationsProjector.project(created)).toEqual([
      {
        table: 'annotations',
        position: 3n,
        upsert: {
          annotation_id: 'n',
          agent_id: 'g',
          question: 'Q?',
          answer: 'A.',
          hit_count: 0,
          created_at: timeAt(3),
          updated_at: timeAt(3),
        },
      },
    ]);
    const updated = at(4, { type: 'AnnotationUpdated', data: { agentId: 'g', annotationId: 'n', question: 'Q2?', answer: 'B.' } });
    expect(annotationsProjector.project(updated)).toEqual([
      { table: 'annotations', position: 4n, upsert: { annotation_id: 'n', question: 'Q2?', answer: 'B.', updated_at: timeAt(4) } },
    ]);
  });

  it('counts a hit and removes a deleted annotation', () => {
    const hit = at(5, { type: 'AnnotationHit', data: { agentId: 'g', annotationId: 'n', messageId: 'm' } });
    expect(annotationsProjector.project(hit)).toEqual([
      { table: 'annotations', position: 5n, upsert: { annotation_id: 'n' }, increment: { hit_count: 1 } },
    ]);
    const deleted = at(6, { type: 'AnnotationDeleted', data: { agentId: 'g', annotationId: 'n' } });
    expect(annotationsProjector.project(deleted)).toEqual([{ table: 'annotations', position: 6n, delete: { annotation_id: 'n' } }]);
  });

  it('ignores the reply setting, conversations and agents', () => {
    const others = SAMPLE_CONVERSATION.filter((e) => !e.type.startsWith('Annotation'));
    const setting = at(7, {
      type: 'AnnotationReplySet',
      data: { agentId: 'g', jobId: 'j', enabled: true, scoreThreshold: 0.9, embeddingProviderName: 'p', embeddingModelName: 'm' },
    });
    expect([...others, setting].flatMap((e) => annotationsProjector.project(e))).toEqual([]);
  });
});
