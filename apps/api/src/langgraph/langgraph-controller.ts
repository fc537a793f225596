import { applyDecorators, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { TakesXApiKey } from '../auth/public.decorator';

/** A controller of the LangGraph face: under /langgraph, taking `x-api-key` as well as a bearer key. */
export const LangGraphController = (path = '') =>
  applyDecorators(Controller(`langgraph${path ? `/${path}` : ''}`), ApiTags('langgraph'), ApiSecurity('x-api-key'), TakesXApiKey());
