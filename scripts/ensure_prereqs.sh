#!/usr/bin/env bash
# Make sure redis-server and chromium exist for the tests (and, with --bench, wrk and valgrind for `make bench`);
# install them with apt-get when root and missing.
set -u
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${1:-}" = "--bench" ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
     { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; }; then
    exit 0
  fi
fi
if [ "${CI:-}" = "true" ]; then
  echo "ERROR: ${missing[*]} missing and could not be installed; CI needs them" >&2
  exit 1
fi
echo "!!! WARNING: ${missing[*]} missing: the tests that need them will be SKIPPED !!!" >&2
exit 0
