import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { ApiKeyRegistry } from '../auth/api-keys';
import { Backends, withTimeout } from '@forkline/platform';
import { ProjectionsService } from '../infrastructure/projections.service';
import { BACKENDS } from '../infrastructure/tokens';

const PROBE_TIMEOUT_MS = 2000;

/**
 * Open to load balancers (no key, no rate limit), which learn only ok or unavailable (503). The backends'
 * kinds, log positions and lag are for operators: shown only with a valid key.
 */
@ApiTags('health')
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(
    @Inject(BACKENDS) private readonly backends: Backends,
    @Inject(ApiKeyRegistry) private readonly keys: ApiKeyRegistry,
    private readonly projections: ProjectionsService,
  ) {}

  @Get()
  async health(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: Response) {
    const { eventStore, readStore, kinds } = this.backends;
    const applied = this.projections.runner.checkpoint;
    const [head, stored] = await Promise.all([probe(() => eventStore.headPosition()), probe(() => readStore.checkpointOf('threads'))]);
    const healthy = head.ok && stored.ok;
    response.status(healthy ? 200 : 503);
    const status = healthy ? 'ok' : 'unavailable';
    if (!this.isOperator(authorization)) return { status };
    // Positions are ordering keys (event counts on SQLite, log bytes on EventStoreDB): the lag is their distance.
    const headPosition = head.ok ? head.value : undefined;
    const lag = headPosition === undefined ? 0n : headPosition - (applied ?? 0n);
    return {
      status,
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

  private isOperator(authorization: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    return match !== null && this.keys.userFor(match[1]) !== null;
  }
}

async function probe<T>(check: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await withTimeout(check(), PROBE_TIMEOUT_MS) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
