// Command-line options the benchmarks share.

/** The number after `--<name>` on the command line, or `def` when it is not given. */
export function numberArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
