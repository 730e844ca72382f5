#!/usr/bin/env node

// The CLI is compiled by `npm run build` (also run by `npm ci` through `prepare`).
try {
  require.resolve('../dist/cli/main.js');
} catch {
  process.stderr.write('auditready: not built yet; run `npm run build` first\n');
  process.exit(2);
}
require('../dist/cli/main.js');
