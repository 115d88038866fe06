import pino from 'pino';
import { EmbeddedHub } from '../hub/hub.js';
import { onShutdownSignals } from './signals.js';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
}

/** Runs the hub until SIGINT/SIGTERM, then shuts it down cleanly. */
export async function serveHub(opts: ServeOptions): Promise<EmbeddedHub> {
  const log = pino({ level: process.env.LIFEBOAT_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const hub = await EmbeddedHub.start({ dataDir: opts.dataDir, port: opts.port, host: opts.host, log });
  onShutdownSignals(log, () => hub.stop());
  process.stdout.write(`ready: ${hub.url}\n`);
  process.stdout.write(`kubeconfig: ${hub.kubeconfigPath}\n`);
  return hub;
}
