"""Small-cell protection for cross-breakdowns (DOMAIN.md, "Anonymity rule").

Pure functions on plain dicts: they never see a record, only counts. Each returns what it hid, as entries for
the report's `onderdrukt` list (table, cell label, reason), without the hidden numbers themselves.
"""

SAMENGEVOEGD_ONDERDELEN = "Overige onderdelen (samengevoegd)"
SAMENGEVOEGD_ONDERWERP = "Overig (samengevoegd)"


def _reden(minimum: int) -> str:
    return f"minder dan {minimum} (minimale celgrootte)"


def merge_small(counts: dict[str, int], *, minimum: int, tabel: str,
                label: str = SAMENGEVOEGD_ONDERDELEN) -> tuple[dict[str, int], dict[str, str], list[dict]]:
    """Merges cells of 1..minimum-1 into one "samengevoegd" row.

    If the merged row is itself still below the minimum, the smallest remaining cells join it until it is not
    (otherwise the merged number would be a small cell of its own). Zero cells stay: they point at nobody.
    Returns (new counts, mapping old label -> label shown, suppression entries).
    """
    if minimum <= 1:
        return dict(counts), {k: k for k in counts}, []
    small = sorted(k for k, v in counts.items() if 0 < v < minimum)
    mapping = {k: k for k in counts}
    if not small:
        return dict(counts), mapping, []
    merged = set(small)
    total = sum(counts[k] for k in merged)
    rest = sorted((v, k) for k, v in counts.items() if v >= minimum)
    entries = [{"tabel": tabel, "cel": k, "reden": _reden(minimum), "maatregel": "samengevoegd"} for k in small]
    while total < minimum and rest:
        v, k = rest.pop(0)
        merged.add(k)
        total += v
        entries.append({"tabel": tabel, "cel": k, "reden": "samengevoegd zodat de samengevoegde rij niet te klein is",
                        "maatregel": "samengevoegd"})
    result = {k: v for k, v in counts.items() if k not in merged}
    result[label] = total
    for k in merged:
        mapping[k] = label
    return result, mapping, entries


def suppress_cross(table: dict[str, dict[str, int]], *, minimum: int, tabel: str
                   ) -> tuple[dict[str, dict[str, int | None]], list[dict]]:
    """Blanks (None) cells of 1..minimum-1 in a two-way table, then enough extra cells that none can be
    recovered from a row or column total by subtraction (secondary suppression)."""
    if minimum <= 1:
        return {r: dict(c) for r, c in table.items()}, []
    out: dict[str, dict[str, int | None]] = {r: dict(c) for r, c in table.items()}
    hidden: set[tuple[str, str]] = set()
    for r, cols in table.items():
        for c, v in cols.items():
            if 0 < v < minimum:
                hidden.add((r, c))
    primary = set(hidden)
    columns = sorted({c for cols in table.values() for c in cols})
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in table[r]] for r in table] + [[(r, c) for r in table if c in table[r]] for c in columns]
        for line in lines:
            in_line = [cell for cell in line if cell in hidden]
            if len(in_line) == 1:
                others = sorted((table[r][c], r, c) for r, c in line if (r, c) not in hidden and table[r][c] > 0)
                if others:
                    _v, r, c = others[0]
                    hidden.add((r, c))
                    changed = True
    entries = []
    for r, c in sorted(hidden):
        out[r][c] = None
        reden = _reden(minimum) if (r, c) in primary else "aanvullend onderdrukt: anders af te leiden uit het totaal"
        entries.append({"tabel": tabel, "cel": f"{r} / {c}", "reden": reden, "maatregel": "onderdrukt"})
    return out, entries
