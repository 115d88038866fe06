/** The message of whatever was thrown, for logs and status texts. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
