"""The one "which fields changed" step of every update service (after HackSoft's `model_update`)."""


def wijzig_velden(obj, waarden: dict, *, strip: bool = False) -> list[str]:
    """Sets every field in `waarden` on `obj` and returns, in order, the names whose value really changed.

    With `strip`, text values lose surrounding whitespace first (so "x " over "x" is no change). Validating,
    saving and auditing (field names only, never values) stay with the calling service.
    """
    gewijzigd = []
    for veld, waarde in waarden.items():
        if strip and isinstance(waarde, str):
            waarde = waarde.strip()
        if getattr(obj, veld) != waarde:
            gewijzigd.append(veld)
        setattr(obj, veld, waarde)
    return gewijzigd
