// Where the mover's volumes are: at their pod paths, or — when the embedded hub's runner has no
// mount namespace — at the host paths it gives as LIFEBOAT_MOUNT_<PATH>.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MoverExit } from './steps.js';

export interface MoverPaths {
  data: string;
  keys: string;
  tmp: string;
  /** The rsync-over-ssh mover's memory /root/.ssh. */
  ssh: string;
}

export function moverPaths(env: NodeJS.ProcessEnv): MoverPaths {
  return {
    data: env.LIFEBOAT_MOUNT_DATA || '/data',
    keys: env.LIFEBOAT_MOUNT_KEYS || '/keys',
    tmp: env.LIFEBOAT_MOUNT_TMP || '/tmp',
    ssh: env.LIFEBOAT_MOUNT_ROOT_SSH || '/root/.ssh',
  };
}

export const inTmp = (p: MoverPaths, name: string): string => path.join(p.tmp, name);

/** The volume must be mounted (exit 1 otherwise, as VolSync's scripts do). */
export async function requireData(p: MoverPaths): Promise<void> {
  try {
    await fs.access(p.data);
  } catch {
    throw new MoverExit(1, 'Neither /data nor /dev/block is present');
  }
}

/** A file the mover cannot do without, readable (exit 1 otherwise). */
export async function requireReadable(file: string): Promise<void> {
  try {
    await fs.access(file, fs.constants.R_OK);
  } catch {
    throw new MoverExit(1, `${file} not found or not readable`);
  }
}

/** DESTINATION_ADDRESS, which a source cannot do without (exit 1 otherwise). */
export function requireDestinationAddress(env: NodeJS.ProcessEnv): string {
  const address = env.DESTINATION_ADDRESS;
  if (!address) throw new MoverExit(1, 'Remote host address must be provided via DESTINATION_ADDRESS');
  return address;
}

/** An address as rsync and stunnel want it: a bare IPv6 address in brackets. */
export function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}
