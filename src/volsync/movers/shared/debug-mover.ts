// DEBUG_MOVER=1 (the `volsync.backube/enable-debug-mover` annotation): instead of moving data, the
// mover waits so that someone can exec into its pod and run the mover by hand; deleting the marker
// file ends it successfully.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { say } from './steps.js';

const POLL_MS = 10_000;

export function debugMoverRequested(env: NodeJS.ProcessEnv): boolean {
  return env.DEBUG_MOVER === '1';
}

export async function waitForDebugging(manualCommand: string, tmpDir: string, pollMs = POLL_MS): Promise<void> {
  const marker = path.join(tmpDir, 'exit-debug-if-removed');
  await fs.writeFile(marker, '');
  const banner = '##################################################################';
  for (const line of [
    '',
    banner,
    'DEBUG_MOVER is enabled, this pod will sleep indefinitely.',
    '',
    'To debug, run the mover by hand with:',
    `DEBUG_MOVER=0 ${manualCommand}`,
    '',
    'If you wish to exit this pod after debugging, delete the',
    `file ${marker} from the system.`,
    banner,
  ])
    say(line);
  for (;;) {
    try {
      await fs.access(marker);
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  say('');
  say(banner);
  say('Debug done, exiting.');
  say(banner);
}
