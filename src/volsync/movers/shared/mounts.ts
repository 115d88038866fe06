// Where the mover's volumes are: at their pod paths, or — when the embedded hub's runner has no
// mount namespace — at the host paths it gives as LIFEBOAT_MOUNT_<PATH>.
import path from 'node:path';

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
