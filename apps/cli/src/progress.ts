import { Position } from '@forkline/event-store';
import { CliContext } from './cli-context';

/** Rebuild progress: a bar with events/s and ETA on a terminal, a plain line every few seconds otherwise. */
export class Progress {
  count = 0;
  private readonly started = performance.now();
  private lastPrint = 0;

  constructor(
    private readonly ctx: CliContext,
    private readonly head: Position | undefined,
  ) {}

  advance(events: number, position: Position | undefined): void {
    this.count += events;
    const now = performance.now();
    if (now - this.lastPrint < (this.ctx.isTty ? 100 : 2000)) return;
    this.lastPrint = now;
    const fraction = this.head && position ? Number((position * 1000n) / this.head) / 1000 : 0;
    const rate = this.count / Math.max((now - this.started) / 1000, 0.001);
    const eta = fraction > 0 ? ((now - this.started) / 1000) * (1 / fraction - 1) : NaN;
    const text = `${(fraction * 100).toFixed(1)}%  ${this.count} events  ${Math.round(rate)} events/s  ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '?'}`;
    if (this.ctx.isTty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}   `);
    } else {
      this.ctx.err(`rebuild: ${text}`);
    }
  }

  done(): void {
    if (this.ctx.isTty) process.stderr.write('\n');
  }
}
