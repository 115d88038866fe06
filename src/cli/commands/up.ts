import type { Command } from 'commander';
import { parseHost, parsePort } from '../options.js';
import { serveHub } from '../serve.js';

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('Run Lifeboat on this machine: the embedded hub (later: with all controllers and a local storage location)')
    .option('--data-dir <dir>', 'where the hub keeps its database, certificates and kubeconfig', '.lifeboat')
    .option('--port <port>', 'HTTPS port (0 picks a free one)', parsePort, 6443)
    .option('--host <host>', 'address to listen on', parseHost, '127.0.0.1')
    .addHelpText('after', '\nThe hub writes <data-dir>/kubeconfig when ready; use it with kubectl:\n  KUBECONFIG=.lifeboat/kubeconfig kubectl get ns')
    .action(async (opts: { dataDir: string; port: number; host: string }) => {
      await serveHub(opts);
    });
}
