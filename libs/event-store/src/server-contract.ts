/**
 * Runs a suite against a real server when its URL variable is set; otherwise says, in one visible
 * line, that it was skipped and why (no silent skip).
 */
export function describeWithServer(variable: string, what: string, suite: (url: string) => void): void {
  const url = process.env[variable];
  if (url) {
    suite(url);
    return;
  }
  process.stderr.write(`SKIPPED: ${what} contract tests: ${variable} is not set (set it, e.g. via docker compose, to run them)\n`);
  describe(`${what} contract`, () => it.skip(`skipped: ${variable} is not set`, () => undefined));
}
