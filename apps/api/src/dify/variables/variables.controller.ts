import { Body, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { DifyError } from '../../http/dify-error';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { ConversationVariables } from '../../http/dify/variables/conversation-variables.service';
import {
  ConversationVariableItem,
  ConversationVariablesResponse,
  UpdateVariableRequest,
  VariablesQuery,
} from '../../http/dify/variables/variables.dto';

/** A conversation's variables (declared on the agent): listed with their values, updated one at a time by the end user. */
@DifyController(400, 404)
export class VariablesController {
  constructor(private readonly variables: ConversationVariables) {}

  @Get('conversations/:conversation_id/variables')
  @ApiOkResponse({ type: ConversationVariablesResponse })
  list(
    @DifyApp() app: DifyAppContext,
    @Param('conversation_id') conversationId: string,
    @Query() query: VariablesQuery,
  ): Promise<ConversationVariablesResponse> {
    return this.variables.list(app, query.user, conversationId, query);
  }

  @Put('conversations/:conversation_id/variables/:variable_id')
  @ApiOkResponse({ type: ConversationVariableItem })
  update(
    @DifyApp() app: DifyAppContext,
    @Param('conversation_id') conversationId: string,
    @Param('variable_id') variableId: string,
    @Body() body: UpdateVariableRequest,
  ): Promise<ConversationVariableItem> {
    if (body.value === undefined) throw new DifyError(400, 'invalid_param', 'value: is required');
    return this.variables.update(app, body.user, conversationId, variableId, body.value);
  }
}
