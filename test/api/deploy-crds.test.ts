// deploy/crds/ is generated from src/api/ by `npm run crds`: every file there must be exactly what
// the writer produces today, none missing and none extra.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEPLOY_CRDS_DIR, DEPLOY_KUSTOMIZATION, DEPLOYED_CRDS, deployKustomization, deployedCrdFiles } from '../../src/api/deploy-crds.js';

const STALE = 'deploy/crds/ is stale: run `npm run crds`';

describe('deploy/crds', () => {
  const expected = deployedCrdFiles();
  const onDisk = readdirSync(DEPLOY_CRDS_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(DEPLOY_CRDS_DIR, path.join(e.parentPath, e.name)).split(path.sep).join('/'));

  it('holds one directory per API and nothing else', () => {
    const dirs = readdirSync(DEPLOY_CRDS_DIR, { withFileTypes: true });
    assert.deepEqual(
      dirs.map((d) => `${d.name}${d.isDirectory() ? '/' : ''}`).sort(),
      Object.keys(DEPLOYED_CRDS)
        .map((d) => `${d}/`)
        .sort(),
      STALE,
    );
  });

  it('has a file for every CRD and no other file', () => {
    assert.deepEqual(
      onDisk.filter((f) => !expected.has(f)),
      [],
      `${STALE} (extra files)`,
    );
    assert.deepEqual(
      [...expected.keys()].filter((f) => !onDisk.includes(f)),
      [],
      `${STALE} (missing files)`,
    );
  });

  it('has every file byte for byte as generated', () => {
    for (const [rel, text] of expected) {
      if (onDisk.includes(rel)) assert.equal(readFileSync(path.join(DEPLOY_CRDS_DIR, rel), 'utf8'), text, `${rel}: ${STALE}`);
    }
  });

  it('lists in deploy/kustomization.yaml the CRDs that go with the operator', () => {
    assert.equal(readFileSync(DEPLOY_KUSTOMIZATION, 'utf8'), deployKustomization(), `deploy/kustomization.yaml: ${STALE}`);
  });

  it('ships each CRD once', () => {
    const names = [...expected.keys()].map((f) => path.posix.basename(f));
    assert.equal(new Set(names).size, names.length);
  });
});
