#!/usr/bin/env bash
# Installs Debian packages for the tests, waiting for another apt or dpkg process (unattended upgrades, a second
# session) to release its locks instead of failing at once.
#   scripts/install-deps.sh PKG...
# APT_LOCK_TIMEOUT (seconds, default 600) bounds the wait for the locks.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: install-deps.sh PKG..." >&2; exit 2; }
timeout="${APT_LOCK_TIMEOUT:-600}"
export DEBIAN_FRONTEND=noninteractive

# DPkg::Lock::Timeout makes apt wait for the dpkg frontend lock; the lists lock taken by `update` is not covered by it
# on every apt version, so a run refused for a lock is retried until the same deadline.
apt_wait() {
  local deadline=$((SECONDS + timeout)) out rc
  while :; do
    out=$(apt-get -o DPkg::Lock::Timeout="$timeout" "$@" 2>&1) && rc=0 || rc=$?
    [ "$rc" -eq 0 ] && return 0
    if grep -qiE 'could not get lock|unable to (acquire|lock)' <<<"$out" && [ "$SECONDS" -lt "$deadline" ]; then
      echo "install-deps.sh: apt is busy (another process holds its lock); waiting" >&2
      sleep "${APT_LOCK_RETRY_SECONDS:-5}"
      continue
    fi
    printf '%s\n' "$out" >&2
    return "$rc"
  done
}

apt_wait update -qq
apt_wait install -y -qq --no-install-recommends "$@"
