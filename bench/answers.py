"""Answer latency, cold start, memory and accuracy (run by hand: `.venv/bin/python bench/answers.py [SET.yaml ...]`).

Prints p50/p99 latency over >= 1,000 varied questions in one process; the cold start of `mentor ask "what is
caching"` as a whole process with a warm cache, and on the first start after install (empty cache: the optimised
model and the vectors are built); peak RSS; and for each labelled set given, the area and topic accuracy of this
engine, of plain BM25 and of plain dense search over the same documents, side by side.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.bootstrap import default_content_dir  # noqa: E402
from adapters.embeddings import hybrid_answerer  # noqa: E402
from bench.answer_eval import bm25_pick, dense_pick, engine_pick, load_set, score  # noqa: E402
from bot.content import load_content  # noqa: E402

TEMPLATES = (
    "what is {}",
    "how do I learn {}",
    "explain {} like I'm new",
    "{} vs {}",
    "what should I learn before {}",
    "<!channel> anyone know a good way to handle {} in prod? we keep getting paged",
    "{} or {}, which first?",
)
CACHE = ROOT / ".bench-cache"


def questions(count: int) -> list[str]:
    """The old dev set's questions, plus templated questions over every topic title and alias, cycled."""
    data = [yaml.safe_load((ROOT / "tests" / "data" / f"answers_{h}.yaml").read_text()) for h in ("tune", "holdout")]
    asked = [q["q"] for d in data for q in d["questions"] + d["out_of_scope"]]
    content = load_content(default_content_dir())
    names = [n for t in content.topics.values() for n in (t.title, *t.aliases[:2])]
    for i, name in enumerate(names):
        asked.append(TEMPLATES[i % len(TEMPLATES)].format(name, names[(i * 7) % len(names)]))
    return list(itertools.islice(itertools.cycle(asked), count))


def cold_start(env: dict[str, str], runs: int) -> list[float]:
    mentor = str(Path(sys.executable).parent / "mentor")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([mentor, "ask", "what is caching"], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="*", type=Path, help="labelled question sets (never tune on what you score)")
    args = parser.parse_args()
    started = time.perf_counter()
    answerer = hybrid_answerer(load_content(default_content_dir()), CACHE)
    build = time.perf_counter() - started
    batch = questions(max(1000, int(os.environ.get("BENCH_QUESTIONS", "2000"))))
    timings = []
    for question in batch:
        t0 = time.perf_counter()
        answerer.answer(question)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with tempfile.TemporaryDirectory() as fresh:
        env = {**os.environ, "MENTOR_DATA_DIR": fresh}
        first = cold_start(env, 1)[0]  # empty cache: as on the first start after install without `make install`
        warm = cold_start(env, 5)
        install_env = {**os.environ, "MENTOR_DATA_DIR": str(Path(fresh) / "installed")}
        mentor = str(Path(sys.executable).parent / "mentor")
        t0 = time.perf_counter()
        subprocess.run([mentor, "content", "vectors"], check=True, capture_output=True, env=install_env)
        install = time.perf_counter() - t0
        after_install = cold_start(install_env, 1)[0]

    print(f"questions answered         {len(batch)}")
    print(f"answerer build             {build * 1000:.0f} ms (content, index, encoder, cached vectors)")
    print(f"latency p50                {p50:.2f} ms")
    print(f"latency p99                {p99:.2f} ms   (goal <= 15 ms)")
    print(f"peak RSS (this process)    {rss_mb:.0f} MB   (goal <= 300 MB)")
    print(f"cold start, warm cache     {statistics.median(warm):.2f} s (median of 5; goal <= 1.5 s)")
    print(f"`mentor content vectors`   {install:.1f} s (what `make install` adds)")
    print(f"first start after install  {after_install:.2f} s")
    print(f"first start, empty cache   {first:.1f} s (encodes every card and FAQ entry once)")
    for path in args.sets:
        items = load_set(path)
        print(
            f"\n{path.name}: {sum(i.area != 'out_of_scope' for i in items)} in scope, "
            f"{sum(i.area == 'out_of_scope' for i in items)} out of scope"
        )
        for name, pick in (("engine", engine_pick), ("bm25", bm25_pick), ("dense", dense_pick)):
            print("  " + score(name, items, pick(answerer)).row())


if __name__ == "__main__":
    main()
