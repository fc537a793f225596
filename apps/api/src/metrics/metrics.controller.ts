import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Metrics } from '@forkline/platform';
import { ApiErrors } from '../http/api-docs';

/**
 * Prometheus's scrape target. Under the API key and the rate limit like every route: give the scraper a key (a user) of
 * its own, so its scrapes count against nobody else's limit.
 */
@ApiTags('operations')
@ApiErrors()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: "This process's metrics in Prometheus's text exposition format (version 0.0.4)",
    schema: { type: 'string', example: 'forkline_runs_total{outcome="completed"} 3' },
  })
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    const { contentType, body } = await this.metrics.exposition();
    response.type(contentType);
    return body;
  }
}
