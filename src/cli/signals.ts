import type { Logger } from 'pino';

/** Runs `shutdown` once on SIGINT/SIGTERM and exits; a second signal exits at once. */
export function onShutdownSignals(log: Logger, shutdown: () => Promise<void>): void {
  let signals = 0;
  const handle = (signal: string): void => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    log.info({ signal }, 'shutting down');
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));
}
