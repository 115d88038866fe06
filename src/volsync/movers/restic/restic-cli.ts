// The restic binary as the restic mover drives it: the base command (with a custom CA), and its
// version, which decides whether `restore --include-xattr` exists (restic 0.17 and later).

export interface ResticCli {
  command: string;
  /** Global flags every invocation carries. */
  baseArgs: string[];
  /** Parsed from `restic version`; undefined when unreadable. */
  version?: [number, number, number];
}

export function resticCli(env: NodeJS.ProcessEnv): ResticCli {
  return { command: 'restic', baseArgs: env.CUSTOM_CA ? ['--cacert', env.CUSTOM_CA] : [] };
}

export function parseResticVersion(text: string): [number, number, number] | undefined {
  const m = /restic\s+v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** restic 0.17 brought `restore --include-xattr` and `restore --delete`; unknown versions are assumed new. */
export function isRestic017OrLater(cli: ResticCli): boolean {
  const v = cli.version;
  return !v || v[0] > 0 || v[1] >= 17;
}

/** `--include-xattr "user.*"` narrows restored xattrs; older restic restores them all without the flag. */
export function restoreXattrArgs(cli: ResticCli): string[] {
  return isRestic017OrLater(cli) ? ['--include-xattr', 'user.*'] : [];
}
