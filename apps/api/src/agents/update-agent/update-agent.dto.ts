import { AgentFieldsRequest } from '../agent-fields.dto';

/** Only the fields given change; `model` and `tools` set to null go back to the server's model and all tools. */
export class UpdateAgentRequest extends AgentFieldsRequest {}
