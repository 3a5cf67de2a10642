"""How long an 8-page illustrated storybook takes on the offline engines (goal: ≤ 3 s).

It makes the whole book the way the site does (create → job: write, moderate, illustrate and
save page by page) on a scratch SQLite database and media folder, a cold first book, then the
median of warm runs, split into writing and illustrating; then the PDF of the book.

    python benchmarks/storybook.py [--runs 5] [--pages 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
SCRATCH = tempfile.mkdtemp(prefix="reverie-bench-")
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", VAR_DIR=SCRATCH,
                  MEDIA_ROOT=os.path.join(SCRATCH, "media"), OPENAI_API_KEY="",
                  LOG_LEVEL="WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from core.ownership import Owner  # noqa: E402
from stories.models import Story  # noqa: E402
from stories.pdf import story_pdf  # noqa: E402
from stories.services import story_create  # noqa: E402

THEMES = ["a lost balloon at the beach", "being afraid of the dark", "a trip to the moon",
          "making a new friend at school", "growing a sunflower", "a snowy day"]
HEROES = ["cat", "frog", "robot", "girl", "rabbit", "dragon"]


def one_book(index: int, pages: int) -> dict[str, float]:
    start = time.perf_counter()
    job = story_create(owner=Owner(session_key="bench"), protagonist=HEROES[index % 6],
                       theme=THEMES[index % 6], age_band=["3-5", "6-8", "9-12"][index % 3],
                       pages=pages, style=["storybook", "watercolour", "crayon"][index % 3])
    # The inline runner starts the job when the (auto)commit hook runs, inside story_create.
    total = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    story = Story.objects.get(pk=job.story_id)
    assert story.pages.exclude(image="").count() == pages
    pdf_start = time.perf_counter()
    size = len(story_pdf(story=story))
    return {"total": total, "pdf": time.perf_counter() - pdf_start, "pdf_kb": size / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=8)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    settings.JOB_RUNNER = "inline"

    from stories.backends.illustration import OfflineIllustrator
    from stories.backends.writer import OfflineStoryWriter

    cold = one_book(0, args.pages)
    warm = [one_book(i + 1, args.pages) for i in range(args.runs)]
    write = statistics.median(_time(lambda i=i: OfflineStoryWriter().write(
        protagonist=HEROES[i % 6], theme=THEMES[i % 6], age_band="6-8", pages=args.pages,
        style="storybook")) for i in range(args.runs))
    book = OfflineStoryWriter().write(protagonist="cat", theme=THEMES[0], age_band="6-8",
                                      pages=args.pages, style="watercolour")
    draw = statistics.median(_time(lambda p=p: OfflineIllustrator().draw(
        p.illustration_prompt, seed=1)) for p in book.pages)
    median = statistics.median(run["total"] for run in warm)
    print(f"{args.pages}-page illustrated book, offline engines, {os.cpu_count()} cores")
    print(f"  first book (cold):      {cold['total']:.2f} s")
    print(f"  median of {args.runs} books:    {median:.2f} s   (slowest "
          f"{max(run['total'] for run in warm):.2f} s; goal ≤ 3 s: "
          f"{'met' if median <= 3 else 'NOT met'})")
    print(f"  writing one book:       {write * 1000:.0f} ms")
    print(f"  one illustration:       {draw * 1000:.0f} ms (768×512 PNG)")
    print(f"  PDF of the book:        {statistics.median(r['pdf'] for r in warm):.2f} s, "
          f"{statistics.median(r['pdf_kb'] for r in warm):.0f} KiB")


def _time(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
