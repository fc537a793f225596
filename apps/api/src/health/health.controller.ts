import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Inject } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { EVENT_STORE, EventStore } from '@forkline/event-store';
import { Public } from '../auth/public.decorator';
import { ProjectionsService } from '../infrastructure/projections.service';

/** Open to load balancers: no key, no rate limit. */
@ApiTags('health')
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly projections: ProjectionsService) {}

  @Get()
  async health() {
    const head = await this.events.headPosition();
    const applied = this.projections.runner.checkpoint;
    return {
      status: 'ok',
      event_store: { kind: 'sqlite', head_position: head === undefined ? null : String(head) },
      read_models: { kind: 'sqlite', position: applied === undefined ? null : String(applied) },
    };
  }
}
