import 'reflect-metadata';
import { parseArgs } from 'util';
import { ConfigError } from '@forkline/platform';
import { CliContext, openContext, UsageError } from './cli-context';
import { agentsCommand } from './commands/agents.command';
import { auditCommand } from './commands/audit.command';
import { eventsCommand } from './commands/events.command';
import { projectionsCommand } from './commands/projections.command';
import { replayCommand } from './commands/replay.command';
import { threadsCommand } from './commands/threads.command';
import { escapeControl } from './terminal-text';

const USAGE = `forkline <command>   (same configuration as the server: DATA_DIR, EVENTSTORE_URL, MONGODB_URL)

  worker                                   run agent runs only (ROLES=agent), until SIGTERM
  projections status                       each projection's checkpoint and lag behind the log
  projections rebuild [name...]            rebuild read models blue/green, then switch over
  events read <stream> [--from N] [--json] a stream's events with their metadata
  events tail [--last N] [--follow] [--json]
  events scavenge                          EventStoreDB: remove deleted threads' events from disk
  threads export <thread_id> [--lineage]   the thread's events as JSONL on stdout
  threads import <file> [--owner <id>]     append exported events (checked, idempotent); --owner <id>
                                           accepts <id>'s threads forking or taking over another user's
  audit <thread_id>                        who did what, when, in a thread
  audit --user <id> [--since <time>]       one user's actions across threads
  replay --to <position|time> [--out file] the read models as they were at that point
  agents list --owner <id>                 a user's agents (their default one, slug assistant, first)
  agents create --owner <id> --slug <s> --name <n> [--mode chat|actionplan|react] [--model <MODEL>] [--system-prompt <text>]
  agents show <agent_id|slug> [--owner <id>]  an agent's definition (a slug needs --owner)
  agents keys create|list <agent_id|slug> [--owner <id>]   an agent's app keys for the Dify API (/v1);
  agents keys revoke <agent_id|slug> <key_id> [--owner <id>]  create prints the key once: '<key_id>  <key>'`;

type Command = (ctx: CliContext, args: string[], flags: Record<string, string | boolean | undefined>) => Promise<void>;
const COMMANDS: Record<string, Command> = {
  projections: projectionsCommand,
  events: eventsCommand,
  threads: threadsCommand,
  audit: auditCommand,
  replay: replayCommand,
  agents: agentsCommand,
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      last: { type: 'string' },
      json: { type: 'boolean' },
      follow: { type: 'boolean' },
      lineage: { type: 'boolean' },
      user: { type: 'string' },
      since: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      owner: { type: 'string' },
      slug: { type: 'string' },
      name: { type: 'string' },
      mode: { type: 'string' },
      model: { type: 'string' },
      'system-prompt': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [name, ...args] = positionals;
  const command = COMMANDS[name];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const ctx = await openContext();
  try {
    await command(ctx, args, values);
    return 0;
  } finally {
    await ctx.backends.eventStore.close();
    await ctx.backends.readStore.close();
    await ctx.backends.liveRecords.close();
  }
}

/** Exits once stdout and stderr have taken everything: process.exit alone cuts off what a pipe has not read yet (a large export). */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error) => {
    const known =
      error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    // The message may quote the command line or an input file: escaped like everything else the CLI prints.
    const text = known
      ? escapeControl(error.message)
      : String((error as Error).stack ?? error)
          .split('\n')
          .map(escapeControl)
          .join('\n');
    process.stderr.write(`forkline: ${text}\n`);
    exitAfterOutput(known ? 2 : 1);
  },
);
