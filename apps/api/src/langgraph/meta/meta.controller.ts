import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator';
import { LangGraphController } from '../langgraph-controller';

class OkResponse {
  @ApiProperty() ok: boolean;
}

class InfoResponse {
  @ApiProperty() version: string;
  @ApiProperty() langgraph_js_version: string;
  @ApiProperty() context: string;
  @ApiProperty({ description: 'What this server supports, as LangGraph servers list it' }) flags: Record<string, boolean>;
}

/** The server's liveness and what it offers, as LangGraph's JS server answers them (api/meta). */
@LangGraphController()
export class MetaController {
  @Get('ok')
  @Public()
  @ApiOkResponse({ type: OkResponse })
  ok(): OkResponse {
    return { ok: true };
  }

  @Get('info')
  @ApiOkResponse({ type: InfoResponse })
  info(): InfoResponse {
    return {
      version: '0.1.0',
      langgraph_js_version: '1.x',
      context: 'js',
      flags: { assistants: true, crons: false, langsmith: false, langsmith_tracing_replicas: false },
    };
  }
}
