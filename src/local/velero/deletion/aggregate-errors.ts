/**
 * One message for several errors, the way Kubernetes' error aggregate prints them (Velero reports
 * storage deletion failures so): a single message alone, several de-duplicated in `[a, b]`.
 */
export function aggregateMessage(messages: readonly string[]): string | undefined {
  const unique = [...new Set(messages)];
  if (unique.length === 0) return undefined;
  if (unique.length === 1) return unique[0];
  return `[${unique.join(', ')}]`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
