"""Every action code the code base writes to the audit log has a Dutch label (accounts/auditweergave.py).

The codes are read from the source: the first argument of every call that writes an entry. A code computed at the
call site must be listed in DYNAMISCH with the codes it can be, so a new computed code cannot slip past either.
"""

import ast
import pathlib

from accounts.auditweergave import ACTIE_LABELS

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("accounts", "bewaren", "config", "meldingen", "reports", "taxonomie", "uitwisseling", "vertrouwenspersonen",
        "benchmarking")
SCHRIJVERS = {"audit", "nieuwe_regel", "audit_platformbeheer"}
# (file, enclosing function) -> the codes a computed first argument there can take. Forwarders (functions whose own
# parameter is passed on) list nothing: their callers are scanned instead.
DYNAMISCH = {
    ("accounts/audit.py", "audit"): set(),
    ("accounts/platformbeheer.py", "audit_platformbeheer"): set(),
    ("accounts/passkeys.py", "handle_exception"): {"2fa_mislukt", "2fa_instellen_mislukt"},
    ("accounts/services.py", "roluitnodiging_afwijzen"): {"rol_aanbod_geweigerd", "rol_aanbod_ingetrokken"},
    ("vertrouwenspersonen/services/eigen.py", "_eigen_opslaan"): {
        "activiteit_aangemaakt", "activiteit_gewijzigd", "signaal_aangemaakt", "signaal_gewijzigd"},
}


def _naam(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _constanten(node) -> set[str] | None:
    """The codes a literal or a conditional of literals can be; None when it is computed otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _constanten(node.body), _constanten(node.orelse)
        return body | orelse if body is not None and orelse is not None else None
    return None


def geschreven_codes() -> tuple[set[str], list[tuple[str, str, int]]]:
    codes: set[str] = set()
    onbekend = []
    for app in APPS:
        for pad in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in pad.parts:
                continue
            bestand = str(pad.relative_to(ROOT))
            boom = ast.parse(pad.read_text(encoding="utf-8"))
            functies = [n for n in ast.walk(boom) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
            for functie in functies:
                for node in ast.walk(functie):
                    if not (isinstance(node, ast.Call) and _naam(node) in SCHRIJVERS and node.args):
                        continue
                    gevonden = _constanten(node.args[0])
                    if gevonden is not None:
                        codes |= gevonden
                    elif (bestand, functie.name) in DYNAMISCH:
                        codes |= DYNAMISCH[(bestand, functie.name)]
                    else:
                        onbekend.append((bestand, functie.name, node.lineno))
    return codes, onbekend


def test_every_code_written_has_a_label():
    codes, onbekend = geschreven_codes()
    assert not onbekend, f"computed audit codes not listed in DYNAMISCH: {onbekend}"
    assert len(codes) > 80  # the scan found the writers (a broken scan must not pass by finding nothing)
    zonder = sorted(code for code in codes if code not in ACTIE_LABELS)
    assert not zonder, f"audit codes without a Dutch label in accounts/auditweergave.py: {zonder}"


def test_the_computed_call_sites_listed_still_exist():
    """A stale DYNAMISCH (a function renamed or gone) would list codes nobody writes any more."""
    for bestand, functie in DYNAMISCH:
        boom = ast.parse((ROOT / bestand).read_text(encoding="utf-8"))
        namen = {n.name for n in ast.walk(boom) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        assert functie in namen, (bestand, functie)


def test_labels_are_dutch_text_not_codes():
    for code, label in ACTIE_LABELS.items():
        assert str(label) != code and "_" not in str(label), code
