import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LEASE_DURATION_SECONDS } from '../local/fleet/constants.js';
import { durationFlag } from './options.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function parseCount(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new InvalidArgumentError(`${flag} must be an integer from 0 to 10000, got "${value}"`);
    return n;
  };
}

/** A repeatable `--cluster NAME`: a ManagedCluster name (a DNS label). */
export function collectClusterName(flag: string): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => {
    if (value.length > 63 || !DNS_LABEL.test(value))
      throw new InvalidArgumentError(`${flag} must be a lower-case DNS label (a-z, 0-9, '-', at most 63 characters), got "${value}"`);
    return [...(previous ?? []), value];
  };
}

/** The ManagedCluster `spec.leaseDurationSeconds` given to clusters set up now (real default 60 s). */
export function leaseDurationOption(flag: string): Option {
  return durationFlag(
    flag,
    'lease duration of the ManagedClusters set up now: the agent renews its lease this often and the hub marks the cluster Unknown after 5 of them',
    DEFAULT_LEASE_DURATION_SECONDS * 1000,
  );
}

export function leaseSeconds(ms: number): number {
  return Math.max(1, Math.round(ms / 1000));
}
