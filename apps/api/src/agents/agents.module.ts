import { Module } from '@nestjs/common';
import { CommandDispatcher } from '../http/command-dispatcher';
import { CreateAgentController } from './create-agent/create-agent.controller';
import { CreateAgentHandler } from './create-agent/create-agent.handler';
import { CreateAppKeyController } from './create-app-key/create-app-key.controller';
import { CreateAppKeyHandler } from './create-app-key/create-app-key.handler';
import { DeleteAgentController } from './delete-agent/delete-agent.controller';
import { DeleteAgentHandler } from './delete-agent/delete-agent.handler';
import { AgentQueries } from './queries/agent-queries.service';
import { AgentsController } from './queries/agents.controller';
import { AppKeyQueries } from './queries/app-key-queries.service';
import { AppKeysController } from './queries/app-keys.controller';
import { RevokeAppKeyController } from './revoke-app-key/revoke-app-key.controller';
import { RevokeAppKeyHandler } from './revoke-app-key/revoke-app-key.handler';
import { UpdateAgentController } from './update-agent/update-agent.controller';
import { UpdateAgentHandler } from './update-agent/update-agent.handler';

/** The native agents face: /agents (agent definitions, every user's default agent listed from their first request, and app keys). */
@Module({
  controllers: [
    CreateAgentController,
    AgentsController,
    UpdateAgentController,
    DeleteAgentController,
    CreateAppKeyController,
    AppKeysController,
    RevokeAppKeyController,
  ],
  providers: [
    CommandDispatcher,
    AgentQueries,
    AppKeyQueries,
    CreateAgentHandler,
    UpdateAgentHandler,
    DeleteAgentHandler,
    CreateAppKeyHandler,
    RevokeAppKeyHandler,
  ],
})
export class AgentsModule {}
