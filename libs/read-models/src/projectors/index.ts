import { branchesProjector } from './branches.projector';
import { checkpointsProjector } from './checkpoints.projector';
import { headsProjector } from './heads.projector';
import { messagesProjector } from './messages.projector';
import { threadsProjector } from './threads.projector';
import { documentsProjector } from './documents.projector';
import { runRecordsProjector } from './run-records.projector';
import { workflowsProjector } from './workflows.projector';

export * from './projector';
export const READ_MODEL_PROJECTORS = [
  threadsProjector,
  headsProjector,
  branchesProjector,
  messagesProjector,
  checkpointsProjector,
  workflowsProjector,
  runRecordsProjector,
  documentsProjector,
];
