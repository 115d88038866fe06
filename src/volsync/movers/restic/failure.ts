// What a failed restic mover run means for the user (decision 14): restic's own messages,
// translated into what to change — the repository Secret, the repository's address, a lock, a
// full volume.
import { FailureAnalyzer, NO_SPACE, UNREACHABLE, type FailureRule } from '../../job/failure.js';

export function resticFailureAnalyzer(repositorySecret: string, isSource: boolean): FailureAnalyzer {
  const secret = `Secret "${repositorySecret}"`;
  const rules: FailureRule[] = [
    {
      pattern: /wrong password or no key found|incorrect password/i,
      explain: () =>
        `the restic repository password in ${secret} (key RESTIC_PASSWORD) is wrong: restic says "wrong password or no key found"; put the password this repository was created with into the Secret`,
    },
    {
      pattern: /repository is already locked|unable to create lock|failure locking repository/i,
      explain: (cause) =>
        `the restic repository is locked by another restic process (${cause}); if none is running, set spec.restic.unlock to a new value to remove the stale lock`,
    },
    {
      pattern: NO_SPACE,
      explain: (cause) => {
        if (/\/cache\b|-cache\b/.test(cause)) return `the restic cache volume is full (${cause}); raise spec.restic.cacheCapacity`;
        if (!isSource)
          return `the destination volume is full (${cause}); give the ReplicationDestination more room (spec.restic.capacity, or a larger destinationPVC)`;
        return `the restic repository's storage is full (${cause}); free space there or point ${secret} (RESTIC_REPOSITORY) at a larger store`;
      },
    },
    {
      pattern: UNREACHABLE,
      explain: (cause) =>
        `cannot reach the restic repository named in ${secret} (key RESTIC_REPOSITORY): ${cause}; check the address and that the storage service is up and reachable from the mover`,
    },
    {
      pattern: /create repository at .* failed|unable to create|permission denied|read-only file system/i,
      explain: (cause) => `cannot create or write the restic repository named in ${secret} (key RESTIC_REPOSITORY): ${cause}`,
    },
    {
      pattern: /Is there a repository at the following location/i,
      explain: () => `no restic repository can be opened at the location in ${secret} (key RESTIC_REPOSITORY); check the address`,
    },
    {
      pattern: /must be defined/,
      explain: (cause) => `the mover was started without its configuration: ${cause}`,
    },
  ];
  return new FailureAnalyzer(rules, 'the restic mover');
}
