// Every temporary folder a test run makes (data dirs, SQLite files, its child servers' files) goes under one
// root, removed when the run ends: os.tmpdir() reads TMPDIR, which the workers and their child processes inherit.
const { mkdtempSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

module.exports = {
  setup() {
    process.env.FORKLINE_TEST_TMP_ROOT = mkdtempSync(join(tmpdir(), 'forkline-test-run-'));
    process.env.TMPDIR = process.env.FORKLINE_TEST_TMP_ROOT;
  },
  teardown() {
    rmSync(process.env.FORKLINE_TEST_TMP_ROOT, { recursive: true, force: true });
  },
};
