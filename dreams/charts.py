"""The insights page's charts, drawn here as inline SVG (no chart library, no script).

Each chart has a <title> and <desc> for screen readers; the page also shows the same numbers
as a table.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dreams.models import Emotion
from dreams.selectors import Insights

EMOTION_COLOURS = {
    "anger": "#c0392b",
    "apprehension": "#4b3fb5",
    "sadness": "#3d6e9e",
    "confusion": "#8a5a9e",
    "happiness": "#d08a00",
}
SYMBOL_COLOURS = ("#4b3fb5", "#1d6b3a", "#b5543f", "#3d6e9e", "#8a5a9e")


def symbols_chart(insights: Insights) -> SafeString:
    """Horizontal bars: how many dreams each recurring symbol appeared in."""
    rows = insights.symbols
    if not rows:
        return mark_safe("")
    row_height, label_width, width = 32, 190, 520
    height = row_height * len(rows) + 10
    most = max(count for _, count in rows)
    parts = [format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="sym-t sym-d">'
        '<title id="sym-t">{}</title><desc id="sym-d">{}</desc>',
        width, height, _("Recurring symbols"),
        "; ".join(ngettext("%(symbol)s: %(count)s dream", "%(symbol)s: %(count)s dreams", n)
                  % {"symbol": s.name, "count": n} for s, n in rows))]
    for index, (symbol, count) in enumerate(rows):
        y = 5 + index * row_height
        bar = max(4, int((width - label_width - 50) * count / most))
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="5" fill="#4b3fb5"></rect>'
            '<text x="{}" y="{}" class="chart-value">{}</text>',
            label_width - 10, y + 20, symbol.name, label_width, y + 4, bar, row_height - 10,
            label_width + bar + 8, y + 20, count))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def emotions_chart(insights: Insights) -> SafeString:
    """Stacked columns: for each month, how many dreams felt each emotion."""
    months = insights.months
    if not months:
        return mark_safe("")
    width, height, left, bottom, top = 520, 270, 36, 44, 12
    step = 1 if len(months) <= 8 else 2
    plot_h = height - bottom - top
    slot = (width - left - 10) / len(months)
    totals = [sum(insights.emotion_months[e][i] for e in EMOTION_COLOURS)
              for i in range(len(months))]
    most = max([*totals, 1])
    desc = "; ".join(
        f"{date_format(month, 'YEAR_MONTH_FORMAT')}: " + ", ".join(
            f"{Emotion(e).label} {insights.emotion_months[e][i]}"
            for e in EMOTION_COLOURS if insights.emotion_months[e][i])
        for i, month in enumerate(months))
    parts = [format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="emo-t emo-d">'
        '<title id="emo-t">{}</title><desc id="emo-d">{}</desc>',
        width, height, _("Emotions over time"), desc or _("No emotions recorded yet."))]
    for tick in sorted({0, most // 2, most}):
        y = top + plot_h - plot_h * tick / most
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>'
            '<text x="{}" y="{}" text-anchor="end" class="chart-value">{}</text>',
            left, width - 10, f"{y:.1f}", f"{y:.1f}", left - 6, f"{y + 4:.1f}", tick))
    bar_w = min(48.0, slot * 0.7)
    for i, month in enumerate(months):
        x = left + slot * i + (slot - bar_w) / 2
        base = top + plot_h
        for emotion, colour in EMOTION_COLOURS.items():
            count = insights.emotion_months[emotion][i]
            if not count:
                continue
            h = plot_h * count / most
            base -= h
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                '<title>{} {}: {}</title></rect>',
                f"{x:.1f}", f"{base:.1f}", f"{bar_w:.1f}", f"{h:.1f}", colour,
                date_format(month, "YEAR_MONTH_FORMAT"), Emotion(emotion).label, count))
        if i % step == 0:
            # Month names only, with the year under the first one and under each January.
            year = f"{month:%Y}" if i == 0 or month.month == 1 else ""
            parts.append(format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}'
                '<tspan x="{}" dy="15" class="chart-value">{}</tspan></text>',
                f"{x + bar_w / 2:.1f}", height - 20, date_format(month, "M"),
                f"{x + bar_w / 2:.1f}",
                year))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def legend(insights: Insights) -> SafeString:
    """The colours of the emotions chart, with how many dreams felt each."""
    counts = dict(insights.emotions)
    items = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>'
        f'{escape(Emotion(name).label)} '
        f'<strong>{counts.get(name, 0)}</strong></li>'
        for name, colour in EMOTION_COLOURS.items())
    return mark_safe(f'<ul class="legend">{items}</ul>')
