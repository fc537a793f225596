import { Module } from '@nestjs/common';
import { LangGraphBranches } from './branches/langgraph-branches.service';

/** The LangGraph Platform API face (/langgraph): assistants are agents, threads are Forkline threads with their branches. */
@Module({
  controllers: [],
  providers: [LangGraphBranches],
  exports: [LangGraphBranches],
})
export class LangGraphModule {}
