// The shipped ReplicationSource/ReplicationDestination CRDs are the ones the sources render.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VOLSYNC_CRD_DIR, expectedVolsyncCrdFiles } from '../../src/api/write-crds-volsync.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('deploy/crds/volsync', () => {
  it('holds exactly the rendered CRDs (regenerate with node --import tsx src/api/write-crds-volsync.ts)', () => {
    const expected = expectedVolsyncCrdFiles();
    const shipped = readdirSync(path.join(REPO, VOLSYNC_CRD_DIR)).filter((f) => f.endsWith('.yaml'));
    assert.deepEqual(shipped.map((f) => path.posix.join(VOLSYNC_CRD_DIR, f)).sort(), [...expected.keys()].sort());
    for (const [rel, text] of expected) assert.equal(readFileSync(path.join(REPO, rel), 'utf8'), text, rel);
  });
});
