#!/usr/bin/env node

// Brings dist/ up to date (swc, incremental, no type checking; `npm run typecheck` checks types), then runs the CLI.
require('../scripts/build').build();
require('../dist/cli/main.js')
  .run(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
