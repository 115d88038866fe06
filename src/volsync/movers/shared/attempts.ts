// The rsync movers' retry loop (volsync.md §3.1 and §3.2): up to five attempts, a delay that starts
// at 2 s and doubles after each failure, and a delay after the last failure too, as the scripts do.

const RSYNC_ATTEMPTS = 5;
const FIRST_DELAY_MS = 2_000;

/**
 * Overrides the first delay for the embedded hub's tests, which wait for the first failed run:
 * `lifeboat up`'s Job runner passes this variable from its own environment to every container
 * (never set on a cluster, where the mover image's Job spec alone defines the environment).
 */
export const RETRY_DELAY_ENV = 'LIFEBOAT_MOVER_RETRY_DELAY_MS';

function firstRetryDelayMs(env: NodeJS.ProcessEnv): number {
  const raw = env[RETRY_DELAY_ENV];
  if (raw === undefined || raw === '') return FIRST_DELAY_MS;
  const ms = Number(raw);
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : FIRST_DELAY_MS;
}

/** Runs `attempt` until it returns 0 or the attempts are spent; returns the last exit code. */
export async function withAttempts(env: NodeJS.ProcessEnv, attempt: () => Promise<number>): Promise<number> {
  let rc = 1;
  let delay = firstRetryDelayMs(env);
  for (let n = 1; n <= RSYNC_ATTEMPTS; n++) {
    rc = await attempt();
    if (rc === 0) break;
    await new Promise((r) => setTimeout(r, delay));
    delay *= 2;
  }
  return rc;
}

/** The movers' test knobs set in a local Job runner's own environment, for it to pass to containers. */
export function moverHostEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const value = env[RETRY_DELAY_ENV];
  return value === undefined ? {} : { [RETRY_DELAY_ENV]: value };
}
