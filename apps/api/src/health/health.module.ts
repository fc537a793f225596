import { Module } from '@nestjs/common';
import { Backends } from '@forkline/platform';
import { BACKENDS } from '../infrastructure/tokens';
import { BackendProbe } from './backend-probe';
import { HealthController } from './health.controller';

@Module({
  controllers: [HealthController],
  providers: [{ provide: BackendProbe, useFactory: (backends: Backends) => new BackendProbe(backends), inject: [BACKENDS] }],
})
export class HealthModule {}
