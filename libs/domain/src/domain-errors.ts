/** Errors a command can be refused with. The API maps each kind to one HTTP status. */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not_found' | 'conflict' | 'invalid';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ThreadNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(threadId: string, field = 'thread_id') {
    super(`thread '${threadId}' not found`, field);
  }
}

export class ThreadAlreadyExists extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(threadId: string) {
    // Worded the same whoever owns it, so it does not tell one user about another's thread.
    super(`thread_id '${threadId}' is not available: a thread with this id exists`, 'thread_id');
  }
}

export class InvalidForkPoint extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(eventNumber: number, head: number) {
    super(`event_number must be between 0 and ${head} (the source thread's head), got ${eventNumber}`, 'event_number');
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not_found' as const;
}

export class ThreadHasBranches extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(
    threadId: string,
    readonly count: number,
  ) {
    super(`'${threadId}' has ${count} branch(es) that read its history; delete them first`);
  }
}

export class InvalidCommand extends DomainError {
  readonly kind = 'invalid' as const;
}

/** Another writer kept changing the stream; retrying did not help. */
export class ConcurrencyConflict extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(streamId: string) {
    super(`stream '${streamId}' was modified concurrently; retry the request`);
  }
}

export class AgentNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(agentId: string, field = 'agent_id') {
    super(`agent '${agentId}' not found`, field);
  }
}

export class AppKeyNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(keyId: string) {
    super(`app key '${keyId}' not found`, 'key_id');
  }
}

export class AgentSlugTaken extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(slug: string) {
    super(`slug: '${slug}' is taken by another of your agents`, 'slug');
  }
}
