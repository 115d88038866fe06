// Bearer tokens with an expiry (what a bound service-account token is): accepted until then,
// refused with 401 after; tokens without one never expire.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHubEnv, type HubEnv } from '../support/hub-env.js';

describe('hub tokens that expire', () => {
  let env: HubEnv;
  let dir: string;

  before(async () => {
    env = await startHubEnv();
    dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-tokens-'));
  });

  after(async () => {
    await env.teardown();
    await rm(dir, { recursive: true, force: true });
  });

  async function kubeconfigWith(token: string, name: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, env.hub.kubeconfig(token), { mode: 0o600 });
    return file;
  }

  it('works until its expiry and is refused with 401 from then on', async () => {
    const expiring = await kubeconfigWith(env.hub.createToken('sa-expiring', false, Date.now() + 1500), 'expiring');
    const lasting = await kubeconfigWith(env.hub.createToken('sa-lasting', false), 'lasting');
    assert.equal((await env.kubectl(['get', 'namespace', 'default'], { kubeconfig: expiring })).code, 0);
    await new Promise((r) => setTimeout(r, 1600));
    const refused = await env.kubectl(['get', 'namespace', 'default'], { kubeconfig: expiring });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Unauthorized|must be logged in/);
    assert.equal((await env.kubectl(['get', 'namespace', 'default'], { kubeconfig: lasting })).code, 0);
  });
});
