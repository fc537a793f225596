#!/usr/bin/env node
// `npx forkline <command>`: the event-replay and audit CLI (run `npm run build` first).
require('./register-paths');
require('../dist/apps/cli/src/main.js');
