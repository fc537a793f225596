import { NotFound } from '@forkline/domain';

export class WorkflowNotFound extends NotFound {
  constructor(workflowId: string) {
    super(`workflow '${workflowId}' not found`, 'workflowId');
  }
}
