"""Run every benchmark module (benchmarks/bench_*.py), or the ones named on the command line."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(names: list[str]) -> None:
    here = Path(__file__).parent
    available = sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    chosen = [n if n.startswith("bench_") else f"bench_{n}" for n in names] or available
    for name in chosen:
        if name not in available:
            sys.exit(f"no benchmark {name!r}; have: {', '.join(available)}")
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
