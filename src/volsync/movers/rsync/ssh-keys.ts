// The rsync-over-ssh key Secrets (volsync.md §3.1 step 3): the user's Secret, checked for this
// side's fields; or two RSA 4096 key pairs generated with ssh-keygen into the main Secret
// `volsync-rsync-<side>-main-<cr>`, from which `-src-` (source key, both public keys) and `-dest-`
// (destination key, both public keys) are derived. The other side's Secret is published.
import { Buffer } from 'node:buffer';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isNotFound, SECRETS } from '../../../kube/index.js';
import type { MoverContext } from '../../context.js';
import type { Secret } from '../../kinds.js';
import { getUserSecret } from '../common/user-secret.js';
import { ensureOwnedSecret } from '../common/owned-secret.js';

const run = promisify(execFile);
const MAIN_FIELDS = ['source', 'source.pub', 'destination', 'destination.pub'];
export const SOURCE_FIELDS = ['source', 'source.pub', 'destination.pub'];
export const DESTINATION_FIELDS = ['destination', 'destination.pub', 'source.pub'];

export interface SshKeys {
  /** The Secret this side's mover mounts. */
  mounted: string;
  /** Generated keys only: the Secret for the other side (status.rsync.sshKeys). */
  forOtherSide?: string;
}

export async function ensureSshKeys(ctx: MoverContext, given: string | undefined): Promise<SshKeys> {
  const namespace = ctx.owner.metadata.namespace;
  const fields = ctx.isSource ? SOURCE_FIELDS : DESTINATION_FIELDS;
  if (given) {
    const secret = await getUserSecret(ctx, 'spec.rsync.sshKeys', given);
    const missing = fields.filter((f) => !secret.data?.[f]);
    if (missing.length > 0) throw new Error(`spec.rsync.sshKeys: Secret "${given}" is missing field(s) ${missing.join(', ')} (it needs ${fields.join(', ')})`);
    return { mounted: given };
  }
  const side = ctx.isSource ? 'src' : 'dst';
  const cr = ctx.owner.metadata.name;
  const mainName = `volsync-rsync-${side}-main-${cr}`;
  let main = await getIfExists(ctx, mainName);
  if (main && MAIN_FIELDS.some((f) => !main?.data?.[f])) {
    await ctx.client.delete(SECRETS, mainName, { namespace, signal: ctx.signal });
    main = undefined;
  }
  const data = main?.data ?? (await generateKeys());
  const pick = (names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, data[n]]));
  const srcName = `volsync-rsync-${side}-src-${cr}`;
  const destName = `volsync-rsync-${side}-dest-${cr}`;
  for (const [name, content] of [
    [mainName, data],
    [srcName, pick(SOURCE_FIELDS)],
    [destName, pick(DESTINATION_FIELDS)],
  ] as const) {
    await ensureOwnedSecret(ctx, name, () => ({ ...content }));
  }
  return ctx.isSource ? { mounted: srcName, forOtherSide: destName } : { mounted: destName, forOtherSide: srcName };
}

async function getIfExists(ctx: MoverContext, name: string): Promise<Secret | undefined> {
  try {
    return await ctx.client.get<Secret>(SECRETS, name, { namespace: ctx.owner.metadata.namespace, signal: ctx.signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Two RSA 4096 key pairs, base64 as Secret data. */
async function generateKeys(): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lifeboat-sshkeys-'));
  try {
    const data: Record<string, string> = {};
    for (const who of ['source', 'destination']) {
      const file = path.join(dir, who);
      await run('ssh-keygen', ['-q', '-t', 'rsa', '-b', '4096', '-f', file, '-C', '', '-N', '']);
      data[who] = Buffer.from(await fs.readFile(file)).toString('base64');
      data[`${who}.pub`] = Buffer.from(await fs.readFile(`${file}.pub`)).toString('base64');
    }
    return data;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
