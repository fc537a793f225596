import { Inject, Injectable } from '@nestjs/common';
import { AppKeyNotFound } from '@forkline/domain';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { maskedAppKey } from '@forkline/platform';
import { AppKeyResponse } from '../app-key.dto';
import { AgentQueries } from './agent-queries.service';

const keyOf = (row: RowOf<'app_keys'>): AppKeyResponse => ({
  key_id: row.key_id,
  agent_id: row.agent_id,
  masked_key: maskedAppKey(row.hint),
  created_at: row.created_at,
});

/** An agent's app keys from the read model, for its owner only (another user's agent is a missing one). */
@Injectable()
export class AppKeyQueries {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly agents: AgentQueries,
  ) {}

  /** Oldest first. */
  async list(userId: string, agentId: string): Promise<AppKeyResponse[]> {
    await this.agents.get(userId, agentId);
    const rows = await this.readStore.query('app_keys', { agent_id: agentId, owner_id: userId }, { orderBy: 'created_at' });
    return rows.map(keyOf);
  }

  async get(userId: string, agentId: string, keyId: string): Promise<AppKeyResponse> {
    const [row] = await this.readStore.query('app_keys', { agent_id: agentId, owner_id: userId, key_id: keyId });
    if (!row) throw new AppKeyNotFound(keyId);
    return keyOf(row);
  }
}
