/**
 * Thread events the Dify service API writes on behalf of an app's end user (the thread's owner is the app's owner, the
 * actor of these events; `endUserId` says which end user of the app acted). They change nothing of the conversation
 * itself: they are its audit trail, and their read models are the app's feedbacks and conversation variables.
 */

/** Dify's ratings of an answer. */
export const FEEDBACK_RATINGS = ['like', 'dislike'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];

/**
 * An end user rated an answer (`messageId`: the answer's id) in the thread where it was asked, or revoked their rating
 * (`rating` null). `conversationId` (the root thread) and `agentId` file it under the app's conversation.
 */
export interface MessageFeedbackRecorded {
  type: 'MessageFeedbackRecorded';
  data: {
    threadId: string;
    eventNumber: number;
    messageId: string;
    conversationId: string;
    agentId: string;
    endUserId: string;
    rating: FeedbackRating | null;
    content: string | null;
    /** Whether the answer held a rating before: a new rating replaces it (keeping its creation time). */
    rated: boolean;
  };
}

/** A conversation variable the agent declares got a new value in this conversation (its root thread). */
export interface ConversationVariableUpdated {
  type: 'ConversationVariableUpdated';
  data: { threadId: string; eventNumber: number; variableId: string; name: string; endUserId: string; value: unknown };
}

export type DifyThreadEvent = MessageFeedbackRecorded | ConversationVariableUpdated;

export const DIFY_THREAD_EVENT_TYPES: readonly DifyThreadEvent['type'][] = ['MessageFeedbackRecorded', 'ConversationVariableUpdated'];
