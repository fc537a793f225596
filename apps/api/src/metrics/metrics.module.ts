import { Module } from '@nestjs/common';
import { MetricSources } from './metric-sources';
import { MetricsController } from './metrics.controller';

/** GET /metrics; the instruments themselves are the core module's (every part of the process counts into them). */
@Module({ controllers: [MetricsController], providers: [MetricSources] })
export class MetricsModule {}
