// The one ensureNamespace: the one `lifeboat up` uses (create, and accept that it exists).
export { ensureNamespace } from '../../src/cli/local-storage.js';
