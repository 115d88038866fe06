// What a failed rsync-over-ssh run means for the user (decision 14).
import { FailureAnalyzer, NO_SPACE, type FailureRule } from '../../job/failure.js';

export function rsyncFailureAnalyzer(c: { isSource: boolean; sshKeys: string; destination: string }): FailureAnalyzer {
  const secret = `Secret "${c.sshKeys}"`;
  const rules: FailureRule[] = c.isSource
    ? [
        {
          pattern: /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/,
          explain: () => `the destination ${c.destination} did not present the host key in ${secret} (destination.pub): copy the destination's key Secret (its status.rsync.sshKeys) and name it in spec.rsync.sshKeys`,
        },
        {
          pattern: /Permission denied \(publickey/,
          explain: () => `the destination ${c.destination} refused the source key in ${secret}: copy the destination's key Secret (its status.rsync.sshKeys) and name it in spec.rsync.sshKeys`,
        },
        {
          pattern: NO_SPACE,
          explain: (cause) => `the destination volume is full (${cause}); give the ReplicationDestination more room (spec.rsync.capacity, or a larger destinationPVC)`,
        },
        {
          pattern: /Connection refused|No route to host|Network is unreachable|Connection timed out|Could not resolve hostname/,
          explain: (cause) => `cannot connect to the destination ${c.destination} (${cause}): check that its ReplicationDestination exists and is running, and that spec.rsync.address is its status.rsync.address`,
        },
        {
          pattern: /Remote host address must be provided/,
          explain: () => 'spec.rsync.address is not set: set it to the address in the ReplicationDestination status (status.rsync.address)',
        },
      ]
    : [{ pattern: NO_SPACE, explain: (cause) => `the destination volume is full (${cause}); give the ReplicationDestination more room (spec.rsync.capacity, or a larger destinationPVC)` }];
  return new FailureAnalyzer(rules, 'the rsync mover');
}
