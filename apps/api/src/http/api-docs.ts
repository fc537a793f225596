import { applyDecorators, INestApplication } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export class ErrorBody {
  @ApiProperty({ example: 'content: must not be empty' })
  detail: string;
}

const ERROR_MEANING: Record<number, string> = {
  400: 'invalid input; the message names the field',
  401: 'missing or invalid API key',
  404: 'no such resource for this user',
  409: 'conflict',
  413: 'request body over 1 MB',
  429: 'rate limit exceeded; see Retry-After',
};

/** The error answers a route can give, plus the key it needs. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ApiBearerAuth(),
    ...[401, 429, ...statuses].map((status) => ApiResponse({ status, description: ERROR_MEANING[status], type: ErrorBody })),
  );

/** The OpenAPI document is generated from the controllers and DTOs; the page is at /docs, JSON at /docs-json. */
export function mountApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Forkline')
    .setDescription(
      'Event-sourced conversations: fork, replay and audit every thread. Send `Authorization: Bearer <key>`. ' +
        'The workflow chat face also has a WebSocket, `ws://<host>/ws/?token=<key>` (subscribe to `workflow:<slug>` or ' +
        '`execution:<execution_id>` for execution events; see README "Workflow chat WebSocket and executions").',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    // The LangGraph face (/langgraph) also takes the key as LangGraph clients send it.
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'x-api-key')
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, config));
}
