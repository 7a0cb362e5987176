#!/usr/bin/env bash
# check_buf_breaking.sh BUF SOURCE_DIR: buf breaking on SOURCE_DIR/proto against the proto/ of
# the commit proto/BREAKING_BASELINE names. Exits 77 (ctest: skipped) when BUF is not installed,
# and fails when the clone lacks that commit (a shallow clone: git fetch --unshallow).
set -euo pipefail
buf=$1
source_dir=$2

if [ ! -x "$buf" ]; then
  echo "buf is not installed (deploy/install-tools installs it): skipped"
  exit 77
fi

cd "$source_dir"
baseline=$(sed '/^#/d' proto/BREAKING_BASELINE | tr -d '[:space:]')
commit=$(git rev-parse --verify --quiet "$baseline^{commit}") || {
  echo "proto/BREAKING_BASELINE names '$baseline', which this clone does not have" \
    "(a shallow clone? git fetch --unshallow)" >&2
  exit 1
}
if [ "$baseline" = HEAD ]; then
  echo "proto/BREAKING_BASELINE says HEAD: only changes not yet committed are checked"
fi
echo "buf breaking proto --against $commit"
exec "$buf" breaking proto \
  --against "$(git rev-parse --path-format=absolute --git-common-dir)#ref=$commit,subdir=proto"
