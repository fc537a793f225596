import { Logger } from '@nestjs/common';
import { LiveRecordStore } from '@forkline/event-store';

const TEN_MINUTES = 10 * 60_000;

/**
 * Removes expired live run records now and then, so their storage stays bounded: every tenth of the retention
 * (at most every 10 minutes), a run's records are kept between `retention` and `retention + interval` after its last.
 */
export class LiveRecordsJanitor {
  private readonly logger = new Logger('LiveRecordsJanitor');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly records: LiveRecordStore,
    private readonly retentionMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get intervalMs(): number {
    return Math.max(1000, Math.min(Math.floor(this.retentionMs / 10), TEN_MINUTES));
  }

  start(): void {
    if (this.timer) return;
    // The first pass waits an interval too: a start should not wait behind a large expiry. (EventStoreDB expires
    // live records by itself, each stream's `$maxAge`: its passes do nothing.)
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass; a failure is logged and the next pass tries again. Never two at once. */
  sweep(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        const removed = await this.records.expire(this.retentionMs, this.now());
        if (removed > 0) this.logger.log(`removed ${removed} expired live run records`);
      } catch (error) {
        this.logger.error(`could not remove expired live run records: ${error}`);
      }
    });
    return this.running;
  }

  /** Stops the timer and waits for a pass under way, so the store can close after it. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
