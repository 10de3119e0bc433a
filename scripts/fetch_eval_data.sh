#!/bin/sh
# Fetch the public labelled collection scripts/bench_extraction.py reads: trafilatura's evaluation
# pages and their expected snippets (the tests/ directory of its repository), outside this one.
#   scripts/fetch_eval_data.sh [DIR]      (default: ~/.cache/archiver/trafilatura)
# then: .venv/bin/python scripts/bench_extraction.py --data DIR/tests
set -eu
dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/archiver/trafilatura}
if [ -d "$dir/.git" ]; then
    git -C "$dir" pull --quiet --ff-only
else
    git clone --quiet --depth 1 https://github.com/adbar/trafilatura.git "$dir"
fi
echo "trafilatura $(git -C "$dir" rev-parse --short HEAD): $dir/tests"
