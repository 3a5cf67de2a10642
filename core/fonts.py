"""Noto Sans KR (SIL Open Font License), from the pinned justmytype-intl-cjk package: the
storybook PDFs embed it, and pages fall back to it for Hangul (core.views.hangul_font)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

NOTO_SANS_KR = (Path(str(importlib.resources.files("justmytype_intl_cjk")))
                / "fonts" / "ofl" / "notosanskr" / "NotoSansKR[wght].ttf")
