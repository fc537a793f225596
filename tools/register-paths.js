// Lets the compiled app resolve the @forkline/* aliases of tsconfig.json inside dist/.
const path = require('path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../tsconfig.json');
tsconfigPaths.register({ baseUrl: path.join(__dirname, '..', 'dist'), paths: compilerOptions.paths });
