import pino from 'pino';
import { EmbeddedHub } from '../hub/hub.js';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
}

/** Runs the hub until SIGINT/SIGTERM, then shuts it down cleanly. */
export async function serveHub(opts: ServeOptions): Promise<EmbeddedHub> {
  const log = pino({ level: process.env.LIFEBOAT_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const hub = await EmbeddedHub.start({ dataDir: opts.dataDir, port: opts.port, host: opts.host, log });
  let signals = 0;
  const shutdown = (signal: string): void => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    log.info({ signal }, 'shutting down');
    hub.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.stdout.write(`ready: ${hub.url}\n`);
  process.stdout.write(`kubeconfig: ${hub.kubeconfigPath}\n`);
  return hub;
}
