"""Korean storybooks on the offline engine: how they read per age band.

For every theme × hero × length (4, 6, 8, 12 pages) it writes the Korean book and prints, per
band, the spread of the three Korean measures (stories.reading.korean_reading) against the
band's limits, the share of books within their band, and the share of sentences said twice.

    python benchmarks/korean_storybooks.py
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", OPENAI_API_KEY="",
                  LOG_LEVEL="WARNING")

import django

django.setup()

from stories.backends.proofread import repeated_share  # noqa: E402
from stories.backends.writer import OfflineStoryWriter  # noqa: E402
from stories.reading import KOREAN_BANDS, band_problem, korean_reading  # noqa: E402

THEMES = ["바닷가에서 잃어버린 빨간 풍선", "공룡 친구", "우주 여행", "숲속의 비밀",
          "용과 생일 케이크", "비 오는 날", "어두운 밤이 무서워요", "자전거 타기 배우기",
          "눈사람 만들기", "꽃씨 키우기", "친구와 소풍", "a lost balloon at the beach"]
HEROES = ["고양이", "boy", "토끼 민지", "girl", "dragon", "a shy hedgehog called Spike", "공룡"]
MEASURES = ("eojeol_per_sentence", "syllables_per_eojeol", "long_share")


def main() -> None:
    writer = OfflineStoryWriter()
    for band, limits in KOREAN_BANDS.items():
        readings, within, repeats = [], 0, []
        asks = list(itertools.product(THEMES, HEROES))
        for i, (theme, hero) in enumerate(asks):
            book = writer.write(protagonist=hero, theme=theme, age_band=band,
                                pages=(4, 6, 8, 12)[i % 4], style="storybook", seed=i,
                                language="ko")
            readings.append(korean_reading(book.text))
            within += band_problem(book.text, age_band=band, language="ko") is None
            repeats.append(repeated_share(book.text))
        print(f"ages {band}: {within}/{len(asks)} books within the band, "
              f"repeated sentences {statistics.mean(repeats):.1%}")
        allowed = {"eojeol_per_sentence": f"{limits.eojeol_per_sentence[0]:g}–"
                                          f"{limits.eojeol_per_sentence[1]:g}",
                   "syllables_per_eojeol": f"≤ {limits.syllables_per_eojeol_max:g}",
                   "long_share": f"≤ {limits.long_share_max:g}"}
        for name in MEASURES:
            values = [getattr(r, name) for r in readings]
            print(f"  {name:22} min {min(values):5.2f}  mean {statistics.mean(values):5.2f}  "
                  f"max {max(values):5.2f}   allowed {allowed[name]}")


if __name__ == "__main__":
    main()
