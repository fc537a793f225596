import { Inject, Injectable } from '@nestjs/common';
import { AgentRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';

/** An agent as a web app: its owner, its current site code (null: none yet) and whether the web API serves it. */
export interface WebApp {
  agentId: string;
  ownerId: string;
  siteCode: string | null;
  webEnabled: boolean;
}

/**
 * Web apps by site code (the agents read model's `site_code` index finds the agent) and by id, each as the agent's
 * own stream says now: a code just changed or an agent just deleted or switched off is seen at once, in every process.
 */
@Injectable()
export class WebApps {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(AgentRepository) private readonly agents: AgentRepository,
  ) {}

  async byCode(code: string): Promise<WebApp | null> {
    const rows = await this.readStore.query('agents', { site_code: code }, { columns: ['agent_id'], limit: 4 });
    for (const row of rows) {
      const app = await this.byId(row.agent_id);
      if (app?.siteCode === code) return app;
    }
    return null;
  }

  async byId(agentId: string): Promise<WebApp | null> {
    const { state } = await this.agents.load(agentId);
    if (!state.exists || !state.definition) return null;
    const { siteCode, webEnabled } = state.definition;
    return { agentId, ownerId: state.ownerId!, siteCode: siteCode ?? null, webEnabled: webEnabled !== false };
  }
}
