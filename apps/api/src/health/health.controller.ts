import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { BearerAuthenticator } from '../auth/bearer-authenticator';
import { AppConfig, Backends } from '@forkline/platform';
import { ProjectionsService } from '../infrastructure/projections.service';
import { APP_CONFIG, BACKENDS } from '../infrastructure/tokens';
import { BackendProbe } from './backend-probe';

/**
 * Open to load balancers (no key, no rate limit), which learn only ok or unavailable (503). The backends'
 * kinds, log positions and lag, and this process's roles, are for operators: shown only with a valid key. A probe that sends a key
 * counts against the failed-auth throttle like any route, so /health is no way around it for key guessing.
 */
@ApiTags('health')
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(
    @Inject(BACKENDS) private readonly backends: Backends,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BearerAuthenticator) private readonly authenticator: BearerAuthenticator,
    @Inject(BackendProbe) private readonly probe: BackendProbe,
    private readonly projections: ProjectionsService,
  ) {}

  @Get()
  async health(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const operator = request.headers.authorization !== undefined && (await this.authenticator.authenticate(request, response)) !== null;
    const applied = await this.projections.checkpoint();
    const { head, stored } = await this.probe.check();
    const healthy = head.ok && stored.ok;
    response.status(healthy ? 200 : 503);
    const status = healthy ? 'ok' : 'unavailable';
    if (!operator) return { status };
    const { kinds } = this.backends;
    // Positions are ordering keys (event counts on SQLite, log bytes on EventStoreDB): the lag is their distance.
    const headPosition = head.ok ? head.value : undefined;
    const lag = headPosition === undefined ? 0n : headPosition - (applied ?? 0n);
    return {
      status,
      roles: this.config.roles,
      event_store: {
        kind: kinds.eventStore,
        reachable: head.ok,
        head_position: headPosition === undefined ? null : String(headPosition),
        ...(!head.ok && { error: head.error }),
      },
      read_models: {
        kind: kinds.readStore,
        reachable: stored.ok,
        position: applied === undefined ? null : String(applied),
        caught_up: head.ok ? lag <= 0n : null,
        lag_positions: head.ok ? String(lag > 0n ? lag : 0n) : null,
        ...(!stored.ok && { error: stored.error }),
      },
    };
  }
}
