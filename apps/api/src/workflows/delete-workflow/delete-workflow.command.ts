import { WorkflowCommand } from '../workflow-command';

/** Deletes the workflow with its messages, logs and checkpoints; refused while it has branches. */
export class DeleteWorkflowCommand extends WorkflowCommand {}
