/** Runs `work` once for all who ask while it runs: callers that come meanwhile await the same promise. */
export class SingleFlight<T> {
  private running: Promise<T> | undefined;

  constructor(private readonly work: () => Promise<T>) {}

  run(): Promise<T> {
    if (!this.running) {
      const flight = Promise.resolve()
        .then(this.work)
        .finally(() => {
          if (this.running === flight) this.running = undefined;
        });
      this.running = flight;
    }
    return this.running;
  }
}
