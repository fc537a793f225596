import { DomainError } from '@forkline/domain';

export class CheckpointNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(checkpointId: string) {
    super(`checkpoint '${checkpointId}' not found in this thread's history`, 'checkpoint_id');
  }
}
