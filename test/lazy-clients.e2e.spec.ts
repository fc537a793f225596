import { execFileSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..');

/** The embedded default never loads the production clients (about 40 MB of RSS): only their URLs bring them in. */
describe('production store clients load on demand', () => {
  it('the built app (npm test builds it first) loads neither the EventStoreDB client nor the MongoDB driver', () => {
    const script = `require('./dist/apps/api/src/create-app');
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify(['/@eventstore/', '/node_modules/mongodb/'].map((p) => loaded.filter((k) => k.includes(p)).length)));`;
    const out = execFileSync(process.execPath, ['-r', './tools/register-paths.js', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual([0, 0]);
  });
});
