import { branchesProjector } from './branches.projector';
import { checkpointsProjector } from './checkpoints.projector';
import { headsProjector } from './heads.projector';
import { messagesProjector } from './messages.projector';
import { threadsProjector } from './threads.projector';

export * from './projector';
export const READ_MODEL_PROJECTORS = [threadsProjector, headsProjector, branchesProjector, messagesProjector, checkpointsProjector];
