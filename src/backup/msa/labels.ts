// The "does this Secret already go into the credentials backup?" guard that every labelling rule
// of hub-backup.md §2.8 and §5.1.4 shares. Upstream treats an empty value as absent.
import { CREDENTIALS_BACKUP_LABELS } from '../../api/backup/index.js';

export function hasCredentialsBackupLabel(labels: Record<string, string> | undefined): boolean {
  return CREDENTIALS_BACKUP_LABELS.some((key) => (labels?.[key] ?? '') !== '');
}
