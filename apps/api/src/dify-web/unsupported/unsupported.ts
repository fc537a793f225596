import { applyDecorators, Controller } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator';
import { DifyError } from '../../http/dify-error';
import { DifyErrorResponse } from '../../http/dify/dify-app-context';

/** How to sign in instead of an account of Dify's: the words every account route answers with. */
export const SIGN_IN_INSTEAD =
  "a browser gets a passport with GET /api/passport (header X-App-Code: the app's site code, its agent's site_code); a server uses an app key on /v1";

/** Dify's accounts (community Dify answers 404 there too: its web-app login is an enterprise feature). */
export const noAccounts = () => new DifyError(404, 'not_found', `Forkline has no web-app accounts or single sign-on: ${SIGN_IN_INSTEAD}.`);

/** Dify's words for a chat app on a completion app's routes (web/completion.py, saved_message.py), and what to use. */
export const notCompletionApp = () =>
  new DifyError(
    400,
    'not_completion_app',
    'Please check if your Completion app mode matches the right API route. Every Forkline app is a chat app: use POST /api/chat-messages.',
  );

/** ... and on a workflow app's routes (web/workflow.py). */
export const notWorkflowApp = () =>
  new DifyError(
    400,
    'not_workflow_app',
    'Please check if your Workflow app mode matches the right API route. Every Forkline app is a chat app: use POST /api/chat-messages.',
  );

/** A public controller of answers Forkline gives instead of serving a route (no key, no passport: nothing to check). */
export const UnservedController = (status: number, description: string) =>
  applyDecorators(Controller('api'), Public(), ApiTags('dify-web'), ApiResponse({ status, description, type: DifyErrorResponse }));
