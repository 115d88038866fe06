import { InvalidArgumentError, Option } from 'commander';
import { formatDuration, parseDuration } from '../util/duration.js';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

export function parseHost(value: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) throw new InvalidArgumentError(`--host must be a host name or IP address, got "${value}"`);
  return value;
}

/** A commander parser for a positive Go-style duration flag (`30s`, `5m`, `1h`), in milliseconds. */
export function durationOption(flag: string): (value: string) => number {
  return (value: string) => {
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch {
      throw new InvalidArgumentError(`${flag} must be a duration such as 30s, 5m or 1h, got "${value}"`);
    }
    if (ms <= 0) throw new InvalidArgumentError(`${flag} must be positive, got "${value}"`);
    return ms;
  };
}

// Flags `lifeboat up` and `lifeboat operator` share for the backup controllers.

export function noBackupControllersOption(): Option {
  return new Option(
    '--no-backup-controllers',
    'run without the BackupSchedule and Restore controllers and the collision check (only the Velero-compatible engine)',
  );
}

export function collisionCheckIntervalOption(defaultMs: number): Option {
  return durationFlag('--collision-check-interval', 'how often each BackupSchedule checks that this hub still wrote the newest backups', defaultMs);
}

export function backupSyncIntervalOption(defaultMs: number): Option {
  return durationFlag('--backup-sync-interval', 'how often backups in storage are synced into the hub', defaultMs);
}

/** A `<duration>` flag whose value is milliseconds and whose help shows the default as a duration. */
export function durationFlag(flag: string, description: string, defaultMs: number): Option {
  return new Option(`${flag} <duration>`, description).argParser(durationOption(flag)).default(defaultMs, formatDuration(defaultMs));
}

// Flags `lifeboat up` and `lifeboat operator` share for volume replication.

export function noVolsyncControllersOption(): Option {
  return new Option('--no-volsync-controllers', 'run without the ReplicationSource/ReplicationDestination controllers and the volume populator');
}

export function moverImageOption(defaultImage: string): Option {
  return new Option('--mover-image <image>', "image of the volume-replication mover Jobs (Lifeboat's mover image)").default(defaultImage);
}
