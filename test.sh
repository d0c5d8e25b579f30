#!/usr/bin/env bash
# Runs every Cartera test on a real SQLite, a real PostgreSQL and a real headless Chromium.
#   ./test.sh                # everything; ends with the line "N passed, N failed, N skipped"
#   ./test.sh --filter X     # extra arguments go to `dotnet test`
# What it does: installs the missing Debian packages (postgresql, chromium) when run as root, or prints the exact
# command otherwise (waiting for another apt process to release its lock); starts a throwaway PostgreSQL cluster on
# 127.0.0.1 (port 55432, or PGTEST_PORT); runs all test projects; stops the cluster.
# Under CI=true a service that cannot be provided is a failure, never a skip.
set -uo pipefail
cd "$(dirname "$0")"

ci=false
[ "${CI:-}" = "true" ] && ci=true

need=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${need[*]} from Debian's packages" >&2
    scripts/install-deps.sh "${need[@]}" >&2 \
      || { echo "test.sh: apt-get install ${need[*]} failed" >&2; exit 1; }
  else
    echo "test.sh: missing ${need[*]}. Install with: sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
    $ci && exit 1
  fi
fi

export CARTERA_CHROMIUM="${CARTERA_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CARTERA_CHROMIUM" ] && $ci; then
  echo "test.sh: Chromium not found at $CARTERA_CHROMIUM" >&2
  exit 1
fi

if ! eval "$(scripts/pg.sh start)"; then
  echo "test.sh: could not start PostgreSQL" >&2
  $ci && exit 1
fi
# Quietly: the summary line must stay the last line of the output.
trap 'scripts/pg.sh stop >/dev/null 2>&1' EXIT

dotnet build Cartera.slnx -c Release -warnaserror || exit 1
scripts/test-summary.sh Cartera.slnx -c Release --no-build "$@"
