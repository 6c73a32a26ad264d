"""A small line chart drawn on the server as inline SVG: no script, no library, nothing from another host."""

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, PAD = 180, 48, 3
#: (series name, colour): views in the admin's teal, calls-to-action clicks in orange, contact requests dark red.
SERIES = [("views", "#007d7e"), ("clicks", "#c2410c"), ("contacts", "#7f1d1d")]


def _points(values, top):
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    return " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD):.1f}"
        for i, value in enumerate(values)
    )


def daily_chart(days, series, label, marks=()):
    """An SVG of `series` {name: [value per day of `days`]} on one scale (the largest value), described by `label`
    for screen readers and as a tooltip; `marks` [(day, text)] are drawn as dashed upright lines (layout changes)."""
    top = max([1, *(max(values, default=0) for values in series.values())])
    step = (WIDTH - 2 * PAD) / max(len(days) - 1, 1)
    index = {day: number for number, day in enumerate(days)}
    lines = format_html_join(
        "",
        '<line x1="{0}" y1="0" x2="{0}" y2="{1}" stroke="#5b21b6" stroke-dasharray="2 2"><title>{2}</title></line>',
        ((f"{PAD + index[day] * step:.1f}", HEIGHT, text) for day, text in marks if day in index),
    ) + format_html_join(
        "",
        '<polyline fill="none" stroke="{}" stroke-width="1.5" points="{}"><title>{}</title></polyline>',
        ((colour, _points(series[name], top), name) for name, colour in SERIES if name in series),
    )
    return format_html(
        '<svg class="page-performance-chart" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'aria-label="{label}"><title>{label}</title>'
        '<line x1="{pad}" y1="{base}" x2="{end}" y2="{base}" stroke="#929292" stroke-width="0.5"/>{lines}</svg>',
        w=WIDTH,
        h=HEIGHT,
        pad=PAD,
        end=WIDTH - PAD,
        base=HEIGHT - PAD,
        label=label,
        lines=lines,
    )
