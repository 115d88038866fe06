import { InvalidArgumentError, type Command } from 'commander';
import { LIFEBOAT_VERSION } from '../../util/version.js';

const DIRECTIONS = ['source', 'destination'] as const;

function parseDirection(value: string): (typeof DIRECTIONS)[number] {
  if (!(DIRECTIONS as readonly string[]).includes(value)) throw new InvalidArgumentError(`the direction must be source or destination, got "${value}"`);
  return value as (typeof DIRECTIONS)[number];
}

/**
 * `lifeboat mover <name> <direction>`: the data movers a ReplicationSource/ReplicationDestination
 * Job runs (in Lifeboat's mover image, or as a local process on the embedded hub). Configured, as
 * VolSync's movers are, by the environment the controller puts into the Job.
 */
export function registerMoverCommand(program: Command): void {
  const mover = program.command('mover').description('Run a volume-replication data mover (what a mover Job runs; configured by its environment)');
  mover
    .command('restic')
    .description('restic mover: source backs the volume up (operations unlock, backup, prune), destination restores it (restore)')
    .argument('<direction>', 'source or destination', parseDirection)
    .argument('[operations...]', 'operations in order (default: backup for a source, restore for a destination)')
    .action(async (direction: (typeof DIRECTIONS)[number], operations: string[]) => {
      const { runResticMover } = await import('../../volsync/movers/restic/entrypoint.js');
      process.exitCode = await runResticMover({ direction, operations, version: LIFEBOAT_VERSION });
    });
  mover
    .command('rclone')
    .description('rclone mover: source uploads the volume to the remote, destination mirrors the remote into the volume')
    .argument('<direction>', 'source or destination', parseDirection)
    .action(async (direction: (typeof DIRECTIONS)[number]) => {
      const { runRcloneMover } = await import('../../volsync/movers/rclone/entrypoint.js');
      process.exitCode = await runRcloneMover({ direction, version: LIFEBOAT_VERSION });
    });
  mover
    .command('rsync-tls')
    .description('rsync over TLS mover: source pushes the volume through stunnel (PSK), destination receives it with an rsync daemon behind stunnel')
    .argument('<direction>', 'source or destination', parseDirection)
    .action(async (direction: (typeof DIRECTIONS)[number]) => {
      const { runRsyncTlsMover } = await import('../../volsync/movers/rsync-tls/entrypoint.js');
      process.exitCode = await runRsyncTlsMover({ direction, version: LIFEBOAT_VERSION });
    });
  mover
    .command('rsync')
    .description('rsync over ssh mover: source pushes the volume with rsync over ssh, destination runs sshd that allows only rsync into the volume and shutdown')
    .argument('<direction>', 'source or destination', parseDirection)
    .action(async (direction: (typeof DIRECTIONS)[number]) => {
      const { runRsyncMover } = await import('../../volsync/movers/rsync/entrypoint.js');
      process.exitCode = await runRsyncMover({ direction, version: LIFEBOAT_VERSION });
    });
}
