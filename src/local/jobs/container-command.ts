// What process a container becomes: its command and args with $(VAR) references expanded, where
// `lifeboat` (the entrypoint of Lifeboat's mover image) is this checkout's CLI run by this Node.js.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Container } from '../../api/core/index.js';
import { expandVars } from './expand-vars.js';
import type { HostMount } from './pod-volumes.js';

export const LIFEBOAT_COMMAND = 'lifeboat';

export function containerArgv(container: Container, env: Map<string, string>): string[] {
  const lookup = (name: string): string | undefined => env.get(name);
  const argv = [...(container.command ?? []), ...(container.args ?? [])].map((a) => expandVars(a, lookup));
  if (argv[0] === LIFEBOAT_COMMAND) return [process.execPath, lifeboatEntrypoint(), ...argv.slice(1)];
  return argv;
}

let entrypoint: string | undefined;

/** bin/lifeboat.js of the checkout this code runs from (sources or dist/). */
export function lifeboatEntrypoint(): string {
  if (entrypoint) return entrypoint;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'bin', 'lifeboat.js');
    if (existsSync(candidate)) return (entrypoint = candidate);
    if (path.dirname(dir) === dir) throw new Error('cannot find bin/lifeboat.js above the Job runner');
  }
}

/** The checkout (or installed package) directory that holds bin/lifeboat.js. */
export function lifeboatCheckout(): string {
  return path.dirname(path.dirname(lifeboatEntrypoint()));
}

/**
 * Without a mount namespace the process sees host paths: each mount's host path is given as
 * LIFEBOAT_MOUNT_<PATH> (`/data` → LIFEBOAT_MOUNT_DATA, `/rclone-config` → LIFEBOAT_MOUNT_RCLONE_CONFIG).
 */
export function translatedMountEnv(mounts: HostMount[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of mounts) env[`LIFEBOAT_MOUNT_${m.mountPath.replace(/^\/+/, '').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`] = m.source;
  return env;
}
