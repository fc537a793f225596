import 'reflect-metadata';
import { ConfigError, loadConfig } from '@forkline/platform';
import { createHeadless, startedLine } from './create-headless';

/** `npm run worker` / `forkline worker`: the API app's second entry point, a process that runs agent runs only (ROLES=agent unless ROLES says otherwise, never api). */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ROLES: process.env.ROLES || 'agent' });
  if (config.roles.includes('api'))
    throw new ConfigError(`a worker serves no API: ROLES must not name api (npm start runs it); got '${process.env.ROLES}'`);
  console.log(startedLine(config, 'worker', await createHeadless(config)));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `forkline: ${error.message}` : error);
  process.exit(1);
});
