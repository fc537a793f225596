import { NotFound } from './domain-errors';

/**
 * An app's annotations (Dify's curated question/answer pairs) and its annotation-reply setting, in one stream per app
 * (`annotations-<agentId>`): the events, the commands, and the pure decider that folds and checks them.
 */
export interface AnnotationCreated {
  type: 'AnnotationCreated';
  data: { agentId: string; annotationId: string; question: string; answer: string };
}

/** New question and answer; its hits and creation time stay. */
export interface AnnotationUpdated {
  type: 'AnnotationUpdated';
  data: { agentId: string; annotationId: string; question: string; answer: string };
}

export interface AnnotationDeleted {
  type: 'AnnotationDeleted';
  data: { agentId: string; annotationId: string };
}

/** An annotation answered a query in place of the model (Dify's hit_count). */
export interface AnnotationHit {
  type: 'AnnotationHit';
  data: { agentId: string; annotationId: string; messageId: string };
}

/** Annotation reply turned on or off, by the job `jobId` (which completes with this event). */
export interface AnnotationReplySet {
  type: 'AnnotationReplySet';
  data: {
    agentId: string;
    jobId: string;
    enabled: boolean;
    scoreThreshold: number;
    embeddingProviderName: string;
    embeddingModelName: string;
  };
}

export type AnnotationEvent = AnnotationCreated | AnnotationUpdated | AnnotationDeleted | AnnotationHit | AnnotationReplySet;
export const ANNOTATION_EVENT_TYPES: readonly AnnotationEvent['type'][] = [
  'AnnotationCreated',
  'AnnotationUpdated',
  'AnnotationDeleted',
  'AnnotationHit',
  'AnnotationReplySet',
];

export type AnnotationCommand =
  | { type: 'CreateAnnotation'; agentId: string; annotationId: string; question: string; answer: string }
  | { type: 'UpdateAnnotation'; agentId: string; annotationId: string; question: string; answer: string }
  | { type: 'DeleteAnnotation'; agentId: string; annotationId: string }
  | { type: 'RecordAnnotationHit'; agentId: string; annotationId: string; messageId: string }
  | ({ type: 'SetAnnotationReply' } & AnnotationReplySet['data']);

export interface Annotation {
  id: string;
  question: string;
  answer: string;
  hitCount: number;
  /** When it was created (the event's time, given to `evolveAnnotations`). */
  createdAt: string;
}

export interface AnnotationsState {
  /** By id, in creation order. */
  annotations: Map<string, Annotation>;
  reply: Omit<AnnotationReplySet['data'], 'agentId' | 'jobId'> | null;
  /** The reply jobs run so far, by id: the action each did. */
  jobs: Map<string, 'enable' | 'disable'>;
}

export const initialAnnotationsState = (): AnnotationsState => ({ annotations: new Map(), reply: null, jobs: new Map() });

export class AnnotationNotFound extends NotFound {
  constructor(annotationId: string) {
    super(`annotation '${annotationId}' not found`, 'annotation_id');
  }
}

/** The events a command appends to the app's annotation stream; an unknown annotation is AnnotationNotFound. */
export function decideAnnotations(command: AnnotationCommand, state: AnnotationsState): AnnotationEvent[] {
  const { agentId } = command;
  switch (command.type) {
    case 'CreateAnnotation':
    case 'UpdateAnnotation': {
      const known = state.annotations.get(command.annotationId);
      if (command.type === 'UpdateAnnotation' && !known) throw new AnnotationNotFound(command.annotationId);
      // A create whose id is taken is the same request again (ids are fresh uuids): nothing more to write.
      if (command.type === 'CreateAnnotation' && known) return [];
      const { annotationId, question, answer } = command;
      const type = command.type === 'CreateAnnotation' ? 'AnnotationCreated' : 'AnnotationUpdated';
      return [{ type, data: { agentId, annotationId, question, answer } }];
    }
    case 'DeleteAnnotation':
      if (!state.annotations.has(command.annotationId)) throw new AnnotationNotFound(command.annotationId);
      return [{ type: 'AnnotationDeleted', data: { agentId, annotationId: command.annotationId } }];
    case 'RecordAnnotationHit': {
      // Deleted meanwhile: the reply stands, the count has nothing left to count on.
      if (!state.annotations.has(command.annotationId)) return [];
      const { annotationId, messageId } = command;
      return [{ type: 'AnnotationHit', data: { agentId, annotationId, messageId } }];
    }
    case 'SetAnnotationReply': {
      if (state.jobs.has(command.jobId)) return [];
      const { type: _, ...data } = command;
      return [{ type: 'AnnotationReplySet', data }];
    }
  }
}

/** Folds one event into `state` (a fold owns its state: it updates it in place); `occurredAt` is the event's time (created_at). */
export function evolveAnnotations(state: AnnotationsState, event: AnnotationEvent, occurredAt: string): AnnotationsState {
  switch (event.type) {
    case 'AnnotationCreated':
    case 'AnnotationUpdated': {
      const { annotationId: id, question, answer } = event.data;
      const known = state.annotations.get(id);
      state.annotations.set(id, { id, question, answer, hitCount: known?.hitCount ?? 0, createdAt: known?.createdAt ?? occurredAt });
      return state;
    }
    case 'AnnotationDeleted':
      state.annotations.delete(event.data.annotationId);
      return state;
    case 'AnnotationHit': {
      const known = state.annotations.get(event.data.annotationId);
      if (known) known.hitCount += 1;
      return state;
    }
    case 'AnnotationReplySet': {
      const { agentId: _, jobId, ...reply } = event.data;
      state.jobs.set(jobId, reply.enabled ? 'enable' : 'disable');
      return { ...state, reply };
    }
  }
}
