import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandVars } from './expand-vars.js';

test('$(VAR) references expand as the kubelet expands them', () => {
  const vars: Record<string, string> = { DATA_DIR: '/data', EMPTY: '' };
  const expand = (s: string): string => expandVars(s, (n) => vars[n]);
  assert.equal(expand('cd $(DATA_DIR)/x'), 'cd /data/x');
  assert.equal(expand('[$(EMPTY)]'), '[]');
  assert.equal(expand('$(UNDEFINED) stays'), '$(UNDEFINED) stays');
  assert.equal(expand('$$(DATA_DIR) is escaped, $$ too'), '$(DATA_DIR) is escaped, $ too');
  assert.equal(expand('plain $HOME and $( unclosed'), 'plain $HOME and $( unclosed');
});
