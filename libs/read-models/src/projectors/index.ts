import { agentsProjector } from './agents.projector';
import { annotationsProjector } from './annotations.projector';
import { appKeysProjector } from './app-keys.projector';
import { branchesProjector } from './branches.projector';
import { checkpointsProjector } from './checkpoints.projector';
import { checkpointLinksProjector } from './checkpoint-links.projector';
import { headsProjector } from './heads.projector';
import { messagesProjector } from './messages.projector';
import { threadsProjector } from './threads.projector';
import { difyConversationsProjector } from './dify-conversations.projector';
import { documentsProjector } from './documents.projector';
import { historyClearsProjector } from './history-clears.projector';
import { feedbacksProjector } from './feedbacks.projector';
import { langgraphThreadsProjector } from './langgraph-threads.projector';
import { runRecordsProjector } from './run-records.projector';
import { runsProjector } from './runs.projector';
import { workflowsProjector } from './workflows.projector';
import { threadSizesProjector } from './thread-sizes.projector';
import { agentInboxProjector, pendingDeletionsProjector } from './work-lists.projector';

export * from './projector';
export { runStatus } from './runs.projector';
export type { DifyMessageTag } from './dify-conversations.projector';
export { feedbackIdFor } from './feedbacks.projector';
export const READ_MODEL_PROJECTORS = [
  threadsProjector,
  headsProjector,
  branchesProjector,
  messagesProjector,
  checkpointsProjector,
  workflowsProjector,
  runRecordsProjector,
  documentsProjector,
  threadSizesProjector,
  agentsProjector,
  runsProjector,
  appKeysProjector,
  historyClearsProjector,
  difyConversationsProjector,
  annotationsProjector,
  feedbacksProjector,
  langgraphThreadsProjector,
  checkpointLinksProjector,
];

/** Every subscriber whose state lives in the read store: the read models and the work lists of the agent and the janitor. */
export const ALL_PROJECTORS = [...READ_MODEL_PROJECTORS, agentInboxProjector, pendingDeletionsProjector];
