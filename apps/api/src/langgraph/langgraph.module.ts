import { Module } from '@nestjs/common';
import { AssistantsController } from './assistants/assistants.controller';
import { Assistants } from './assistants/assistants.service';
import { LangGraphBranches } from './branches/langgraph-branches.service';
import { MetaController } from './meta/meta.controller';
import { LangGraphStateController } from './state/state.controller';
import { LangGraphStates } from './state/langgraph-states.service';
import { StateUpdates } from './state/state-update.service';
import { LangGraphThreadsController } from './threads/threads.controller';
import { LangGraphThreads } from './threads/langgraph-threads.service';

/** The LangGraph Platform API face (/langgraph): assistants are agents, threads are Forkline threads with their branches. */
@Module({
  controllers: [MetaController, AssistantsController, LangGraphThreadsController, LangGraphStateController],
  providers: [LangGraphBranches, LangGraphStates, StateUpdates, Assistants, LangGraphThreads],
  exports: [LangGraphBranches, LangGraphStates],
})
export class LangGraphModule {}
