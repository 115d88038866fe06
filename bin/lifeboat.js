#!/usr/bin/env node
// Runs the compiled CLI (`npm run build` → dist/) when it is at least as new as every source file,
// and otherwise the TypeScript sources through tsx, so a checkout works after `npm ci` without a
// build step and never runs stale code. The compiled CLI starts in about a second and leaves out
// tsx's in-process compiler, which holds ~100 MiB.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'src', 'cli', 'main.js');

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

if (process.env.LIFEBOAT_FROM_SOURCE !== '1' && existsSync(compiled) && statSync(compiled).mtimeMs >= newestSourceMtime(path.join(root, 'src'))) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
