/** Where the CLI writes: the process's streams in production, buffers in tests. `isTTY` decides colour and progress. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

/** What a subcommand is given: where to write, and how to report a non-zero exit code to `run`. */
export interface CommandContext extends CliIo {
  setExitCode(code: number): void;
}
