import { AnnotationEvent, AnnotationNotFound, decideAnnotations, evolveAnnotations, initialAnnotationsState } from './annotation-events';

const fold = (events: AnnotationEvent[]) =>
  events.reduce((s, e) => evolveAnnotations(s, e, '2026-01-01T00:00:00.000Z'), initialAnnotationsState());
const saved = (
  annotationId: string,
  question: string,
  type: 'AnnotationCreated' | 'AnnotationUpdated' = 'AnnotationCreated',
): AnnotationEvent => ({
  type,
  data: { agentId: 'a', annotationId, question, answer: `${question}!` },
});

describe('annotations decider', () => {
  it('updates and deletes only annotations the app has', () => {
    const state = fold([saved('x', 'q')]);
    expect(() =>
      decideAnnotations({ type: 'UpdateAnnotation', agentId: 'a', annotationId: 'y', question: 'q', answer: 'a' }, state),
    ).toThrow(AnnotationNotFound);
    expect(() => decideAnnotations({ type: 'DeleteAnnotation', agentId: 'a', annotationId: 'y' }, state)).toThrow(AnnotationNotFound);
    expect(decideAnnotations({ type: 'DeleteAnnotation', agentId: 'a', annotationId: 'x' }, state)).toEqual([
      { type: 'AnnotationDeleted', data: { agentId: 'a', annotationId: 'x' } },
    ]);
  });

  it('keeps created_at and hit count across an update, counts hits, and records reply jobs once', () => {
    const hit: AnnotationEvent = { type: 'AnnotationHit', data: { agentId: 'a', annotationId: 'x', messageId: 'm' } };
    const state = fold([saved('x', 'q'), hit]);
    const later = evolveAnnotations(state, saved('x', 'q2', 'AnnotationUpdated'), '2027-01-01T00:00:00.000Z');
    expect(later.annotations.get('x')).toEqual({
      id: 'x',
      question: 'q2',
      answer: 'q2!',
      hitCount: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const job = {
      type: 'SetAnnotationReply',
      agentId: 'a',
      jobId: 'j',
      enabled: true,
      scoreThreshold: 0.5,
      embeddingProviderName: 'p',
      embeddingModelName: 'm',
    } as const;
    const [set] = decideAnnotations(job, later);
    const withReply = evolveAnnotations(later, set, '2027-01-01T00:00:00.000Z');
    expect(withReply.reply).toEqual({ enabled: true, scoreThreshold: 0.5, embeddingProviderName: 'p', embeddingModelName: 'm' });
    expect(withReply.jobs.get('j')).toBe('enable');
    expect(decideAnnotations(job, withReply)).toEqual([]);
    expect(decideAnnotations({ type: 'RecordAnnotationHit', agentId: 'a', annotationId: 'gone', messageId: 'm' }, withReply)).toEqual([]);
  });
});
