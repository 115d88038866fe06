// `tail -f` into the pod log: the rsync daemon's and stunnel's logs are files, written by
// processes that are not children of the mover.
import { promises as fs } from 'node:fs';

const POLL_MS = 250;

/** Copies what is appended to `file` to stdout until stopped; stop() copies the rest first. */
export function tailFile(file: string): { stop(): Promise<void> } {
  let offset = 0;
  let pending: Promise<void> = Promise.resolve();
  const copy = async (): Promise<void> => {
    let handle;
    try {
      handle = await fs.open(file, 'r');
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        process.stdout.write(buffer.subarray(0, bytesRead));
      }
    } catch {
      // Not there yet, or gone: nothing to copy.
    } finally {
      await handle?.close();
    }
  };
  const timer = setInterval(() => {
    pending = pending.then(copy);
  }, POLL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      await copy();
    },
  };
}
