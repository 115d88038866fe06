/**
 * Polls `check` until it returns something other than `false` or `undefined`, and returns that (so
 * a check can hand back what it found); after `timeoutMs` fails naming `what`. An error thrown by
 * `check` fails the wait at once: a check that expects errors catches them itself.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | false | undefined | Promise<T | false | undefined>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
