// The archive flags both rsync movers transfer with (rsync-TLS client, rsync-over-ssh source).
// VolSync's scripts use `-aAhHSxz` (volsync.md §3.1–3.2): archive, ACLs, hard links, sparse files,
// one file system, compression. We add `-X` beyond the spec: issue 12 requires extended attributes
// to arrive, and upstream's flags drop them. The daemon (rsync-TLS) and rrsync (rsync over ssh)
// accept it unchanged; a receiver running as root keeps every namespace (`user.*`, `trusted.*`…),
// an unprivileged one the `user.*` attributes.
export const RSYNC_ARCHIVE_FLAGS = '-aAhHSXxz';
