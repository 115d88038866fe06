import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { parseHost, parsePort } from '../options.js';
import { serveHub } from '../serve.js';
import { SqliteStore } from '../../hub/storage/sqlite-store.js';
import { hashToken, newToken } from '../../hub/security/tokens.js';
import { fileExists, writeFileAtomic } from '../../util/files.js';

export function registerHubCommands(program: Command): void {
  const hub = program
    .command('hub')
    .description('The embedded Kubernetes-compatible API server')
    .addHelpText('after', '\n`lifeboat hub [options]` is `lifeboat hub serve [options]`; see `lifeboat hub serve --help`.');

  hub
    .command('serve', { isDefault: true })
    .description('Run the API server alone (no Lifeboat controllers)')
    .option('--data-dir <dir>', 'where the hub keeps its database, certificates and kubeconfig', '.lifeboat')
    .option('--port <port>', 'HTTPS port (0 picks a free one)', parsePort, 6443)
    .option('--host <host>', 'address to listen on', parseHost, '127.0.0.1')
    .action(async (opts: { dataDir: string; port: number; host: string }) => {
      await serveHub(opts);
    });

  const token = hub.command('token').description('Bearer tokens for the hub');
  token
    .command('create')
    .description('Create a bearer token; prints it (or writes a kubeconfig that uses it)')
    .option('--data-dir <dir>', "the hub's data directory", '.lifeboat')
    .option('--name <name>', 'who the token is for (shown in authorization errors)', 'user')
    .option('--read-only', 'the token may only get, list and watch', false)
    .option('--kubeconfig <file>', "write a kubeconfig for this token (based on the hub's own) instead of printing the token")
    .action(async (opts: { dataDir: string; name: string; readOnly: boolean; kubeconfig?: string }) => {
      const dbFile = path.join(opts.dataDir, 'hub.db');
      if (!(await fileExists(dbFile))) throw new Error(`no hub data in --data-dir "${opts.dataDir}" (missing ${dbFile}); start the hub once first`);
      const store = new SqliteStore(dbFile);
      const value = newToken();
      try {
        store.addToken(hashToken(value), opts.name, opts.readOnly);
      } finally {
        store.close();
      }
      if (!opts.kubeconfig) {
        process.stdout.write(value + '\n');
        return;
      }
      const base = parseYaml(await fs.readFile(path.join(opts.dataDir, 'kubeconfig'), 'utf8')) as { users: { name: string; user: { token: string } }[] };
      base.users = [{ name: 'lifeboat-admin', user: { token: value } }];
      await writeFileAtomic(opts.kubeconfig, toYaml(base), 0o600);
      process.stdout.write(`wrote ${opts.kubeconfig} (${opts.readOnly ? 'read-only' : 'read-write'} token "${opts.name}")\n`);
    });
}
