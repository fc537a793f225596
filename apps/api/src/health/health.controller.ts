import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { Backends, withTimeout } from '@forkline/platform';
import { ProjectionsService } from '../infrastructure/projections.service';
import { BACKENDS } from '../infrastructure/tokens';

const PROBE_TIMEOUT_MS = 2000;
const LAG_CAP = 10_000;

/** Open to load balancers: no key, no rate limit. 503 when a backend does not answer. */
@ApiTags('health')
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(
    @Inject(BACKENDS) private readonly backends: Backends,
    private readonly projections: ProjectionsService,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const { eventStore, readStore, kinds } = this.backends;
    const applied = this.projections.runner.checkpoint;
    const [head, stored] = await Promise.all([probe(() => eventStore.headPosition()), probe(() => readStore.checkpointOf('threads'))]);
    const behind = head.ok
      ? await probe(() => eventStore.readAll({ after: applied, limit: LAG_CAP }))
      : { ok: false as const, error: 'event store unreachable' };
    const healthy = head.ok && stored.ok;
    response.status(healthy ? 200 : 503);
    return {
      status: healthy ? 'ok' : 'unavailable',
      event_store: {
        kind: kinds.eventStore,
        reachable: head.ok,
        head_position: head.ok && head.value !== undefined ? String(head.value) : null,
        ...(!head.ok && { error: head.error }),
      },
      read_models: {
        kind: kinds.readStore,
        reachable: stored.ok,
        position: applied === undefined ? null : String(applied),
        lag_events: behind.ok ? behind.value.length : null,
        ...(!stored.ok && { error: stored.error }),
      },
    };
  }
}

async function probe<T>(check: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await withTimeout(check(), PROBE_TIMEOUT_MS) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
