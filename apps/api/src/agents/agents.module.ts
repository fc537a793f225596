import { Module } from '@nestjs/common';
import { CommandDispatcher } from '../http/command-dispatcher';
import { CreateAgentController } from './create-agent/create-agent.controller';
import { CreateAgentHandler } from './create-agent/create-agent.handler';
import { DeleteAgentController } from './delete-agent/delete-agent.controller';
import { DeleteAgentHandler } from './delete-agent/delete-agent.handler';
import { AgentQueries } from './queries/agent-queries.service';
import { AgentsController } from './queries/agents.controller';
import { UpdateAgentController } from './update-agent/update-agent.controller';
import { UpdateAgentHandler } from './update-agent/update-agent.handler';

/** The native agents face: /agents (agent definitions; every user's default agent is listed from their first request). */
@Module({
  controllers: [CreateAgentController, AgentsController, UpdateAgentController, DeleteAgentController],
  providers: [CommandDispatcher, AgentQueries, CreateAgentHandler, UpdateAgentHandler, DeleteAgentHandler],
})
export class AgentsModule {}
