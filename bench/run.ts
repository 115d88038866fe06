// `npm run bench`: every benchmark in turn. Each prints its own figures.
import { spawnSync } from 'node:child_process';

const benches = ['bench/hub-api.ts', 'bench/velero-engine.ts'];
for (const b of benches) {
  console.log(`\n== ${b}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', b, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
