/** Runs `fn` over `items` with at most `width` calls in flight. */
export async function inParallel<I>(items: I[], width: number, fn: (item: I, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}
