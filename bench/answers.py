"""Answer latency, cold start and memory (run by hand: `.venv/bin/python bench/answers.py`).

Prints p50/p99 latency over >= 1,000 varied questions in one process, the cold start of
`mentor ask "what is caching"` as a whole process, and the resident memory after the run.
"""

from __future__ import annotations

import itertools
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.bootstrap import default_content_dir  # noqa: E402
from bot.answers.engine import MentorAnswerer  # noqa: E402
from bot.content import load_content  # noqa: E402

TEMPLATES = ("what is {}", "how do I learn {}", "explain {} like I'm new", "{} vs {}", "what should I learn before {}")


def questions(count: int) -> list[str]:
    """Dev-set questions, plus templated questions over every topic title and alias, cycled to ``count``."""
    data = [yaml.safe_load((ROOT / "tests" / "data" / f"answers_{h}.yaml").read_text()) for h in ("tune", "holdout")]
    asked = [q["q"] for d in data for q in d["questions"] + d["out_of_scope"]]
    content = load_content(default_content_dir())
    names = [n for t in content.topics.values() for n in (t.title, *t.aliases[:2])]
    for i, name in enumerate(names):
        template = TEMPLATES[i % len(TEMPLATES)]
        asked.append(template.format(name, names[(i * 7) % len(names)]))
    return list(itertools.islice(itertools.cycle(asked), count))


def main() -> None:
    started = time.perf_counter()
    answerer = MentorAnswerer(load_content(default_content_dir()))
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

    mentor = str(Path(sys.executable).parent / "mentor")
    cold = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([mentor, "ask", "what is caching"], check=True, capture_output=True)
        cold.append(time.perf_counter() - t0)

    print(f"questions answered      {len(batch)}")
    print(f"index build             {build * 1000:.0f} ms (content load + index)")
    print(f"latency p50             {p50:.2f} ms")
    print(f"latency p99             {p99:.2f} ms   (goal <= 10 ms)")
    print(f"cold start (median of 5) {statistics.median(cold):.2f} s   (goal <= 1.5 s)")
    print(f"peak RSS                {rss_mb:.0f} MB   (goal <= 150 MB)")


if __name__ == "__main__":
    main()
