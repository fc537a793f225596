import { Inject, Injectable } from '@nestjs/common';
import { EndUser, EndUsers, EVENT_STORE, EventStore } from '@forkline/event-store';
import { DifyAppContext } from '../dify-app-context';

/**
 * Records the end user a request names (`user`) at its first use by any /v1 call, once its input is valid, so a
 * refused request writes nothing. No `user` (or an empty one): nobody is recorded.
 */
@Injectable()
export class EndUserRecorder {
  private readonly endUsers: EndUsers;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.endUsers = new EndUsers(store);
  }

  async record(app: DifyAppContext, user: string | undefined): Promise<EndUser | null> {
    if (!user) return null;
    return this.endUsers.ensure(app, user, app.context);
  }

  /** The end user with this id if it is one of the app's, else null (another app's is reported like a missing one). */
  async find(app: DifyAppContext, endUserId: string): Promise<EndUser | null> {
    const found = await this.endUsers.find(endUserId);
    return found && found.agentId === app.agentId ? found : null;
  }
}
