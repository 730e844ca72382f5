import { runSynth } from './stacks/synth-command';

/** The cdktf app (`cdktf synth`, `npm run synth`). */
process.exitCode = runSynth(process.env);
