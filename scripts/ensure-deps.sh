#!/usr/bin/env bash
# Installs what Lifeboat needs on a fresh Debian machine with Node.js 20: npm packages, and the
# Debian packages of the data movers and tools the tests run for real. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v rsync >/dev/null || need_apt+=(rsync)
command -v restic >/dev/null || need_apt+=(restic)
command -v rclone >/dev/null || need_apt+=(rclone)
command -v stunnel4 >/dev/null || command -v stunnel >/dev/null || need_apt+=(stunnel4)
command -v ssh >/dev/null || need_apt+=(openssh-client)
command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
# getfacl/setfacl: the rclone mover keeps permissions in a facl file.
command -v getfacl >/dev/null || need_apt+=(acl)
# getfattr/setfattr: the rsync tests check that extended attributes arrive.
command -v getfattr >/dev/null || need_apt+=(attr)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian packages: ${need_apt[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "warning: missing ${need_apt[*]}; install them with apt-get (needs root)" >&2
  fi
fi

if ! command -v kubectl >/dev/null; then
  echo "warning: kubectl is not installed; the kubectl tests will fail" >&2
fi

# npm ci when the lock file changed since the last install (or nothing is installed yet).
stamp=node_modules/.lifeboat-lock-stamp
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
