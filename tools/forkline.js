#!/usr/bin/env node
// `npx forkline <command>`: the event-replay and audit CLI (run `npm run build` first).
require('./register-paths');
// `forkline worker` is a long-running process (ROLES=agent), not a one-shot command.
if (process.argv[2] === 'worker') require('../dist/apps/api/src/worker.js');
else require('../dist/apps/cli/src/main.js');
