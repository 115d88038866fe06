// Bearer tokens with an expiry (what a bound service-account token is): accepted until then,
// refused with 401 after; tokens without one never expire.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startHub, waitFor, type TestHub } from '../support/index.js';

describe('hub tokens that expire', () => {
  let env: TestHub;

  before(async () => {
    env = await startHub();
  });

  after(async () => {
    await env?.teardown();
  });

  async function kubeconfigWith(token: string, name: string): Promise<string> {
    const file = path.join(env.dataDir, `${name}.kubeconfig`);
    await writeFile(file, env.hub.kubeconfig(token), { mode: 0o600 });
    return file;
  }

  it('works until its expiry and is refused with 401 from then on', async () => {
    const expiring = await kubeconfigWith(env.hub.createToken('sa-expiring', false, Date.now() + 8000), 'expiring');
    const lasting = await kubeconfigWith(env.hub.createToken('sa-lasting', false), 'lasting');
    assert.equal((await env.kubectl(['get', 'namespace', 'default'], { kubeconfig: expiring })).code, 0);
    const refused = await waitFor(
      'the expired token refused',
      async () => {
        const r = await env.kubectl(['get', 'namespace', 'default'], { kubeconfig: expiring });
        return r.code !== 0 ? r : undefined;
      },
      20_000,
      200,
    );
    assert.match(refused.stderr, /Unauthorized|must be logged in/);
    assert.equal((await env.kubectl(['get', 'namespace', 'default'], { kubeconfig: lasting })).code, 0);
  });
});
