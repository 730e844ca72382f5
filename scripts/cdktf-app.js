// The cdktf app (cdktf.json "app", `npm run synth`): brings dist/ up to date without type checking
// (scripts/build.js; `npm run typecheck` checks types), then runs it.
require('./build').build();
require('../dist/main.js');
