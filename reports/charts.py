"""SVG bar charts drawn in Python: no JavaScript, no matplotlib, the same picture in the browser and the PDF."""

import base64
from xml.sax.saxutils import escape

BAR = "#1f5f8b"
TEXT = "#212529"


def _short(label: str, width: int = 44) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def bar_chart(data: dict[str, int | float], *, titel: str, width: int = 640) -> str:
    """A horizontal bar chart as an SVG document. Labels left, bars scaled to the largest value, values at the end."""
    items = [(str(k), v) for k, v in data.items() if v is not None]
    row_h, top, label_w = 22, 28, 270
    height = top + row_h * max(len(items), 1) + 10
    largest = max((v for _k, v in items), default=0) or 1
    bar_w = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(titel, {chr(34): "&quot;"})}">',
        f'<title>{escape(titel)}</title>',
        f'<text x="0" y="16" font-family="DejaVu Sans, Arial, sans-serif" font-size="13" font-weight="bold" '
        f'fill="{TEXT}">{escape(titel)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = max(int(bar_w * value / largest), 1 if value else 0)
        shown = f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-family="DejaVu Sans, Arial, sans-serif" '
            f'font-size="11" fill="{TEXT}">{escape(_short(label))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{BAR}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 15}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11" '
            f'fill="{TEXT}">{shown}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
