import { WorkflowCommand } from '../workflow-command';

/** Stops the run in flight, if any. */
export class StopWorkflowCommand extends WorkflowCommand {}
