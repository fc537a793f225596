import { Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { WorkflowLogsQuery, WorkflowLogsResponse, WorkflowRunDetail } from './workflow-run.dto';
import { WorkflowRuns } from './workflow-runs.service';

/** The app's runs (the runs of its agent): Dify's workflow logs and run detail. Another app's runs are not found. */
@DifyController(400, 404)
export class WorkflowRunsController {
  constructor(private readonly runs: WorkflowRuns) {}

  @Get('workflows/logs')
  @ApiOkResponse({ type: WorkflowLogsResponse })
  logs(@DifyApp() app: DifyAppContext, @Query() query: WorkflowLogsQuery): Promise<WorkflowLogsResponse> {
    return this.runs.logs(app, query);
  }

  @Get('workflows/run/:workflow_run_id')
  @ApiOkResponse({ type: WorkflowRunDetail })
  run(@DifyApp() app: DifyAppContext, @Param('workflow_run_id') runId: string): Promise<WorkflowRunDetail> {
    return this.runs.detail(app, runId);
  }
}
