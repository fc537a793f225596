import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DifyError } from '../../http/dify-error';
import { IgnoresUnknownFields } from '../../http/validation.pipe';
import { DifyController } from '../dify-app';

/** What Dify answers an advanced-chat app on a completion app's routes (service_api/app/completion.py). */
const notCompletion = () => new DifyError(400, 'app_unavailable', 'App unavailable, please check your app configurations.');
/** ... and on a workflow app's routes (service_api/app/workflow.py). */
const notWorkflow = () => new DifyError(400, 'not_workflow_app', 'Please check if your Workflow app mode matches the right API route.');

@IgnoresUnknownFields()
export class OtherAppModeRequest {
  @ApiProperty({ example: 'abc-123', description: 'The end user, required as Dify requires it before the app mode is checked' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  user: string;
}

/**
 * The routes of Dify's completion and workflow apps, which Dify's SDK also offers (CompletionClient.createCompletionMessage,
 * runWorkflow): every Forkline app is a chat app, so they answer as Dify answers a chat app there — 400 with Dify's code
 * for the mismatched app mode, after the `user` check Dify makes first. Nothing is written.
 */
@DifyController(400)
export class OtherAppModesController {
  @Post('completion-messages')
  @HttpCode(400)
  createCompletion(@Body() _body: OtherAppModeRequest): never {
    throw notCompletion();
  }

  @Post('completion-messages/:task_id/stop')
  @HttpCode(400)
  stopCompletion(@Param('task_id') _taskId: string, @Body() _body: OtherAppModeRequest): never {
    throw notCompletion();
  }

  @Post('workflows/run')
  @HttpCode(400)
  runWorkflow(@Body() _body: OtherAppModeRequest): never {
    throw notWorkflow();
  }

  @Post('workflows/:workflow_id/run')
  @HttpCode(400)
  runWorkflowById(@Param('workflow_id') _workflowId: string, @Body() _body: OtherAppModeRequest): never {
    throw notWorkflow();
  }

  @Post('workflows/tasks/:task_id/stop')
  @HttpCode(400)
  stopWorkflow(@Param('task_id') _taskId: string, @Body() _body: OtherAppModeRequest): never {
    throw notWorkflow();
  }
}
