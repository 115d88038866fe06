// What a failed rclone mover run means for the user (decision 14).
import { FailureAnalyzer, NO_SPACE, UNREACHABLE, type FailureRule } from '../../job/failure.js';

export interface RcloneFailureContext {
  configSecret: string;
  section: string;
  destPath: string;
  isSource: boolean;
}

export function rcloneFailureAnalyzer(c: RcloneFailureContext): FailureAnalyzer {
  const secret = `Secret "${c.configSecret}"`;
  const remote = `"${c.section}:${c.destPath}"`;
  const rules: FailureRule[] = [
    {
      pattern: /didn't find section in config file|Failed to create file system for "[^"]*": (?:didn't find|config)/i,
      explain: () => `rclone.conf in ${secret} has no remote [${c.section}] (spec.rclone.rcloneConfigSection): add that section or name an existing one`,
    },
    {
      pattern: /Failed to load config file|couldn't (?:find|read) config file|error reading config file/i,
      explain: (cause) => `rclone cannot read rclone.conf from ${secret}: ${cause}`,
    },
    {
      pattern: NO_SPACE,
      explain: (cause) =>
        c.isSource
          ? `the rclone remote ${remote} is full (${cause}); free space there`
          : `the destination volume is full (${cause}); give the ReplicationDestination more room (spec.rclone.capacity, or a larger destinationPVC)`,
    },
    {
      pattern: /AccessDenied|SignatureDoesNotMatch|InvalidAccessKeyId|401 Unauthorized|403 Forbidden|permission denied/i,
      explain: (cause) => `the rclone remote ${remote} refused access: ${cause}; check the credentials in ${secret}`,
    },
    {
      pattern: UNREACHABLE,
      explain: (cause) => `cannot reach the rclone remote [${c.section}] of ${secret}: ${cause}; check its address and that it is reachable from the mover`,
    },
    {
      pattern: /directory not found|not found.*(source|directory)|stat .*permissions\.facl.*No such file/i,
      explain: () =>
        c.isSource
          ? `the rclone remote path ${remote} does not exist and could not be created; check spec.rclone.rcloneDestPath`
          : `nothing has been replicated to ${remote} yet (no data or no permissions.facl there): let the ReplicationSource sync first, or check spec.rclone.rcloneDestPath`,
    },
    {
      pattern: /must be defined/,
      explain: (cause) => `the mover was started without its configuration: ${cause}`,
    },
  ];
  return new FailureAnalyzer(rules, 'the rclone mover');
}
