import { Inject, Injectable } from '@nestjs/common';
import { AgentNotFound, defaultAgentDefinition, defaultAgentId } from '@forkline/domain';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { Page, pageOf } from '../../http/pagination';
import { AgentResponse } from '../agent-fields.dto';
import { agentFromDefinition, agentFromRow } from '../agent-view';
import { AgentPage } from './agent-queries.dto';

/** The caller's agents from the read model, their default agent included whether or not it was ever written. */
@Injectable()
export class AgentQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** The default agent first, then the others, oldest first. */
  async list(userId: string, page: AgentPage): Promise<Page<AgentResponse>> {
    const defaultId = defaultAgentId(userId);
    const rows = await this.readStore.query('agents', { owner_id: userId }, { orderBy: 'created_at' });
    const stored = rows.find((r) => r.agent_id === defaultId);
    const first = stored ? agentFromRow(stored) : agentFromDefinition(defaultId, 0, defaultAgentDefinition());
    const others = rows.filter((r) => r.agent_id !== defaultId).map(agentFromRow);
    return pageOf([first, ...others], (a) => a.agent_id, page);
  }

  /** Another user's agent is reported exactly like a missing one. */
  async get(userId: string, agentId: string): Promise<AgentResponse> {
    const [row] = await this.readStore.query('agents', { agent_id: agentId, owner_id: userId });
    if (row) return agentFromRow(row);
    if (agentId === defaultAgentId(userId)) return agentFromDefinition(agentId, 0, defaultAgentDefinition());
    throw new AgentNotFound(agentId);
  }
}
