import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { hashApiKey } from '@forkline/platform';

/** The app (an agent) an app key stands for, and the agent's owner, whose budget and rights the key uses. */
export interface AppIdentity {
  agentId: string;
  ownerId: string;
}

/**
 * App keys by hash in the app_keys read model. A key's creation answers once projections show it and so does its
 * revocation (read-your-writes), so a key works from its creation's answer on and stops with its revocation's.
 */
@Injectable()
export class AppKeyLookup {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async find(key: string): Promise<AppIdentity | null> {
    const [row] = await this.readStore.query('app_keys', { key_sha256: hashApiKey(key) }, { columns: ['agent_id', 'owner_id'] });
    return row ? { agentId: row.agent_id, ownerId: row.owner_id } : null;
  }
}
