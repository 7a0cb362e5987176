#!/usr/bin/env bash
# check_format.sh SOURCE_DIR: every C++ file in the repository is laid out as .clang-format
# says. Prints the files that are not, and how to fix them.
set -euo pipefail
cd "$1"
mapfile -t files < <(git ls-files '*.cc' '*.h')
unformatted=()
for file in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    unformatted+=("$file")
  fi
done
if [ ${#unformatted[@]} -gt 0 ]; then
  printf 'not formatted: %s\n' "${unformatted[@]}"
  echo "fix with: clang-format -i ${unformatted[*]}"
  exit 1
fi
echo "check_format: ${#files[@]} files formatted"
