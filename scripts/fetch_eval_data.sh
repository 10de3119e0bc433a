#!/bin/sh
# Fetch a public labelled collection scripts/bench_extraction.py reads, outside this repository:
# trafilatura's evaluation pages and their expected snippets (the tests/ directory of its
# repository), or with "goose3" first, goose3's extraction test pages (its tests/data/).
#   scripts/fetch_eval_data.sh [DIR]          (default: ~/.cache/archiver/trafilatura)
#   scripts/fetch_eval_data.sh goose3 [DIR]   (default: ~/.cache/archiver/goose3)
# then: .venv/bin/python scripts/bench_extraction.py --data DIR/tests      (trafilatura)
#       .venv/bin/python scripts/bench_extraction.py --data DIR/tests/data (goose3)
set -eu
repo=https://github.com/adbar/trafilatura.git name=trafilatura data=tests
if [ "${1:-}" = goose3 ]; then
    repo=https://github.com/goose3/goose3.git name=goose3 data=tests/data
    shift
fi
dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/archiver/$name}
if [ -d "$dir/.git" ]; then
    git -C "$dir" pull --quiet --ff-only
else
    git clone --quiet --depth 1 "$repo" "$dir"
fi
echo "$name $(git -C "$dir" rev-parse --short HEAD): $dir/$data"
