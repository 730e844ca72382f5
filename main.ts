import { SynthCache } from './stacks/synth-cache';
import { runSynth } from './stacks/synth-command';

/**
 * The cdktf app (`cdktf synth`, `npm run synth`), run compiled from dist/ by scripts/cdktf-app.js. Output
 * whose inputs (this code, dependencies, config, environment) have not changed comes from the cache.
 */
process.exitCode = runSynth(process.env, process.stdout, process.stderr, SynthCache.forApp(__dirname, process.env));
