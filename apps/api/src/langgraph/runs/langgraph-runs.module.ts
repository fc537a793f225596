import { Module } from '@nestjs/common';
import { LangGraphModule } from '../langgraph.module';
import { RunController } from './run.controller';
import { RunCanceller } from './run-canceller';
import { RunOutcome } from './run-outcome';
import { RunQueries } from './run-queries';
import { RunSse } from './run-sse';
import { RunStarter } from './run-starter';
import { RunStream } from './run-stream';
import { RunThreads } from './run-threads';
import { RunValues } from './run-values';
import { StatelessRunsController } from './stateless-runs.controller';
import { ThreadRunsController } from './thread-runs.controller';

/**
 * The LangGraph Platform face's runs (/langgraph/threads/{id}/runs/*, /langgraph/runs/*): a LangGraph run is the Forkline
 * run answering the message its input became, streamed from the thread's live run records.
 */
@Module({
  imports: [LangGraphModule],
  controllers: [ThreadRunsController, RunController, StatelessRunsController],
  providers: [RunThreads, RunQueries, RunValues, RunStream, RunOutcome, RunSse, RunStarter, RunCanceller],
})
export class LangGraphRunsModule {}
