#!/usr/bin/env node

// The CLI is compiled by `npm run build` (also run by `npm ci` through `prepare`).
let run;
try {
  ({ run } = require('../dist/cli/main.js'));
} catch (err) {
  if (err.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli/main.js')) throw err;
  process.stderr.write('auditready: not built yet; run `npm run build` first\n');
  process.exit(2);
}
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
