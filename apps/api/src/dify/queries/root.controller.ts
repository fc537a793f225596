import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator';
import { DifyController } from '../dify-app';

export class DifyWelcome {
  @ApiProperty({ example: 'Dify OpenAPI' }) welcome: string;
  @ApiProperty({ example: 'v1' }) api_version: string;
  @ApiProperty({ example: '0.1.0', description: "Forkline's version" }) server_version: string;
}

@DifyController()
export class DifyRootController {
  /** What Dify answers at its service API's root, without a key (the TypeScript SDK's getRoot). */
  @Get()
  @Public()
  @ApiOkResponse({ type: DifyWelcome })
  root(): DifyWelcome {
    return { welcome: 'Dify OpenAPI', api_version: 'v1', server_version: '0.1.0' };
  }
}
