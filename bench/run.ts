// `npm run bench`: builds the CLI (so the hub and engine processes run compiled code, without tsx's
// compiler in their memory figures), then every benchmark in turn. Each prints its own figures.
import { spawnSync } from 'node:child_process';

const build = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const benches = [
  'bench/hub-api.ts',
  'bench/hub-housekeeping.ts',
  'bench/velero-engine.ts',
  'bench/volsync-movers.ts',
  'bench/volsync-rsync.ts',
  'bench/restore.ts',
  'bench/fleet-agents.ts',
];
for (const b of benches) {
  console.log(`\n== ${b}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', b, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
