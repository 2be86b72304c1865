"""Timings of the performance budgets: list pages and dashboards, figures vs raw SQL, PDF, memory, import."""
# The hand-written SQL below interpolates only table names from model metadata (quoted); values are parameters.
# ruff: noqa: S608

import datetime
import resource
import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.organisation import SESSION_KEY
from benchmarking.seed import Seeded
from meldingen.termijnen import add_months

LIST_P95_MS = 150
LIST_VLOER_RATIO = 2.0  # a list page or dashboard p50 against its floor (benchmarking/vloer.py), same run
FIGURES_RATIO = 3.0
FIGURES_S = 1.0
PDF_S = 10.0
UITWISSELING_RIJEN_PER_S = 2000  # import and export, checks and audit included


@dataclass
class Row:
    meting: str
    p50: str = ""
    p95: str = ""
    queries: str = ""
    doel: str = ""
    ok: bool | None = None
    vloer: str = ""  # p50 as a multiple of the floor view's p50, measured side by side


def _client(user, organisatie) -> Client:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={"confirmed": True})
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session[SESSION_KEY] = organisatie.pk
    session.save()
    return client


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# (label, url name, query string, who: "vp" or "coordinator")
PAGES = [
    ("VP dashboard", "vertrouwenspersonen:dashboard", "", "vp"),
    ("VP dossiers, page 1", "vertrouwenspersonen:dossiers", "", "vp"),
    ("VP dossiers, last page", "vertrouwenspersonen:dossiers", "page=last", "vp"),
    ("VP dossiers, filtered (status open)", "vertrouwenspersonen:dossiers", "status=open", "vp"),
    ("VP activiteiten", "vertrouwenspersonen:activiteiten", "", "vp"),
    ("VP signalen", "vertrouwenspersonen:signalen", "", "vp"),
    ("Meldingen dashboard", "meldingen:dashboard", "", "coordinator"),
    ("Meldingen register, page 1", "meldingen:lijst", "", "coordinator"),
    ("Meldingen register, last page", "meldingen:lijst", "page=last", "coordinator"),
    ("Meldingen register, filtered (status)", "meldingen:lijst", "status=afgehandeld", "coordinator"),
    ("Jaarverslagen", "reports:lijst", "", "coordinator"),
]


def _get(client: Client, url: str) -> int:
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return len(response.content)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url)
    return len(ctx.captured_queries)


def _p50_en_p95(client: Client, url: str, requests: int) -> tuple[float, float]:
    for _ in range(2):  # warm-up: template loading, connection, translation catalogs
        _get(client, url)
    samples = []
    for _ in range(requests):
        begin = time.perf_counter()
        _get(client, url)
        samples.append((time.perf_counter() - begin) * 1000)
    return statistics.median(samples), _pct(samples, 95)


def measure_pages(seeded: Seeded, *, requests: int) -> list[Row]:
    """Each page's p50/p95 and query count, and its p50 against the floor of its register (benchmarking/vloer.py)
    measured in the same run, so a busy machine moves both alike."""
    from django.test.utils import override_settings

    from benchmarking.vloer import VLOER_URLS

    rows = []
    clients = {}
    for od in (seeded.focus, seeded.klein):
        clients[od.organisatie.pk] = {"vp": _client(od.vp, od.organisatie),
                                      "coordinator": _client(od.coordinator, od.organisatie)}
    with override_settings(ROOT_URLCONF="benchmarking.urls"):
        big_clients = clients[seeded.focus.organisatie.pk]
        vloer = {who: _p50_en_p95(big_clients[who], reverse(name), requests)[0] for who, name in VLOER_URLS.items()}
        for who in VLOER_URLS:
            rows.append(Row(meting=f"Floor: 25 rows, bare view ({who})", p50=f"{vloer[who]:.0f} ms",
                            doel="reference", vloer="1.0x"))
        for label, name, query, who in PAGES:
            big = big_clients[who]
            small = clients[seeded.klein.organisatie.pk][who]
            url = reverse(name) + (f"?{query}" if query else "")
            p50, p95 = _p50_en_p95(big, url, requests)
            q_big, q_small = _queries(big, url), _queries(small, url)
            ratio = p50 / vloer[who] if vloer[who] else float("inf")
            rows.append(Row(
                meting=label, p50=f"{p50:.0f} ms", p95=f"{p95:.0f} ms", queries=f"{q_big} / {q_small}",
                doel=f"p95 < {LIST_P95_MS} ms, <= {LIST_VLOER_RATIO:.0f}x floor, queries constant",
                ok=p95 < LIST_P95_MS and ratio <= LIST_VLOER_RATIO and q_big == q_small, vloer=f"{ratio:.1f}x",
            ))
    return rows


def _tables():
    from accounts.models import Organisatieonderdeel
    from meldingen.models.register import (
        Betrokkene,
        Feitenonderzoek,
        InternTraject,
        Maatregel,
        Melding,
        StatusWijziging,
        Termijn,
    )
    from taxonomie.models import Categorie
    from vertrouwenspersonen.models import (
        Activiteit,
        Dossier,
        DossierHulpvraag,
        DossierVervolg,
        DossierVerwijzing,
        Gesprek,
        Signaal,
    )

    models = {
        "dossier": Dossier, "onderwerp": Dossier.onderwerpen.through, "hulpvraag": DossierHulpvraag,
        "verwijzing": DossierVerwijzing, "vervolg": DossierVervolg, "gesprek": Gesprek, "activiteit": Activiteit,
        "signaal": Signaal, "melding": Melding, "termijn": Termijn, "betrokkene": Betrokkene, "maatregel": Maatregel,
        "onderzoek": Feitenonderzoek, "traject": InternTraject, "categorie": Categorie, "onderdeel": Organisatieonderdeel,
        "statuswijziging": StatusWijziging,
    }
    return {key: connection.ops.quote_name(model._meta.db_table) for key, model in models.items()}


def raw_sql_figures(organisatie_id: int, jaar: int) -> int:
    """The same groupings as reports.figures, written by hand: the report year in full, two years' key figures.

    Returns the number of result rows (so the work cannot be skipped).
    """
    t = _tables()
    jaar_queries = [
        # VP register
        f"SELECT soort_contact, COUNT(*) FROM {t['dossier']} WHERE organisatie_id = %(org)s "
        f"AND eerste_contact BETWEEN %(van)s AND %(tot)s GROUP BY soort_contact",
        f"SELECT c.label, p.label, COUNT(DISTINCT o.dossier_id) FROM {t['onderwerp']} o "
        f"JOIN {t['dossier']} d ON d.id = o.dossier_id JOIN {t['categorie']} c ON c.id = o.categorie_id "
        f"LEFT JOIN {t['categorie']} p ON p.id = c.parent_id WHERE d.organisatie_id = %(org)s "
        f"AND d.eerste_contact BETWEEN %(van)s AND %(tot)s AND d.soort_contact = 'melding' GROUP BY c.label, p.label",
        f"SELECT activiteit.soort, COUNT(*), SUM(uren) FROM {t['activiteit']} activiteit WHERE organisatie_id = %(org)s "
        f"AND datum BETWEEN %(van)s AND %(tot)s GROUP BY activiteit.soort",
        f"SELECT COUNT(*) FROM {t['gesprek']} g JOIN {t['dossier']} d ON d.id = g.dossier_id "
        f"WHERE d.organisatie_id = %(org)s AND g.datum BETWEEN %(van)s AND %(tot)s",
        # Integriteit
        f"SELECT c.label, p.label, COUNT(*) FROM {t['melding']} m JOIN {t['categorie']} c ON c.id = m.onderwerp_id "
        f"LEFT JOIN {t['categorie']} p ON p.id = c.parent_id WHERE m.organisatie_id = %(org)s "
        f"AND m.ontvangen_op BETWEEN %(van)s AND %(tot)s GROUP BY c.label, p.label",
        f"SELECT t.soort, COUNT(*) FILTER (WHERE t.voldaan_op <= t.uiterlijk_op), "
        f"COUNT(*) FILTER (WHERE t.voldaan_op > t.uiterlijk_op), "
        f"COUNT(*) FILTER (WHERE t.voldaan_op IS NULL AND t.uiterlijk_op < %(vandaag)s), "
        f"COUNT(*) FILTER (WHERE t.voldaan_op IS NULL AND t.uiterlijk_op >= %(vandaag)s) FROM {t['termijn']} t "
        f"JOIN {t['melding']} m ON m.id = t.melding_id WHERE m.organisatie_id = %(org)s "
        f"AND m.ontvangen_op BETWEEN %(van)s AND %(tot)s GROUP BY t.soort",
        # The open caseload on 31 December, any year of receipt: the status then, from the history.
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE m.ontvangen_op >= %(van)s), "
        f"COUNT(*) FILTER (WHERE m.ontvangen_op > %(drie)s), "
        f"COUNT(*) FILTER (WHERE m.ontvangen_op <= %(drie)s AND m.ontvangen_op >= %(twaalf)s), "
        f"COUNT(*) FILTER (WHERE m.ontvangen_op < %(twaalf)s), "
        f"COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM {t['termijn']} t WHERE t.melding_id = m.id "
        f"AND t.uiterlijk_op <= %(tot)s AND (t.voldaan_op IS NULL OR t.voldaan_op > %(tot)s))) "
        f"FROM {t['melding']} m WHERE m.organisatie_id = %(org)s AND m.ontvangen_op <= %(tot)s "
        f"AND NOT (m.status = 'afgehandeld' AND m.afgehandeld_op <= %(tot)s) "
        f"AND COALESCE((SELECT s.naar_status FROM {t['statuswijziging']} s WHERE s.melding_id = m.id "
        f"AND s.tijdstip < %(einde)s ORDER BY s.tijdstip DESC, s.id DESC LIMIT 1), 'ontvangen') <> 'afgehandeld'",
        f"SELECT ontvangen_op, afgehandeld_op FROM {t['melding']} WHERE organisatie_id = %(org)s "
        f"AND ontvangen_op BETWEEN %(van)s AND %(tot)s AND afgehandeld_op IS NOT NULL",
        f"SELECT COUNT(*) FROM {t['onderzoek']} f JOIN {t['melding']} m ON m.id = f.melding_id "
        f"WHERE m.organisatie_id = %(org)s AND f.startdatum BETWEEN %(van)s AND %(tot)s",
        f"SELECT COUNT(*) FROM {t['traject']} f JOIN {t['melding']} m ON m.id = f.melding_id "
        f"WHERE m.organisatie_id = %(org)s AND f.startdatum BETWEEN %(van)s AND %(tot)s",
    ]
    alleen_verslagjaar = [
        f"SELECT o.naam, d.geslacht, COUNT(*) FROM {t['dossier']} d LEFT JOIN {t['onderdeel']} o ON o.id = d.onderdeel_id "
        f"WHERE d.organisatie_id = %(org)s AND d.eerste_contact BETWEEN %(van)s AND %(tot)s "
        f"AND d.soort_contact = 'melding' GROUP BY o.naam, d.geslacht",
        *(f"SELECT k.waarde, COUNT(*) FROM {t[tabel]} k JOIN {t['dossier']} d ON d.id = k.dossier_id "
          f"WHERE d.organisatie_id = %(org)s AND d.eerste_contact BETWEEN %(van)s AND %(tot)s "
          f"AND d.soort_contact = 'melding' GROUP BY k.waarde" for tabel in ("hulpvraag", "verwijzing", "vervolg")),
        f"SELECT vp_extern, COUNT(*) FROM {t['dossier']} WHERE organisatie_id = %(org)s "
        f"AND eerste_contact BETWEEN %(van)s AND %(tot)s AND soort_contact = 'melding' GROUP BY vp_extern",
        # The single-column breakdowns the figures count with count_choices (one GROUP BY each).
        *(f"SELECT {kolom}, COUNT(*) FROM {t['dossier']} WHERE organisatie_id = %(org)s "
          f"AND eerste_contact BETWEEN %(van)s AND %(tot)s AND soort_contact = 'melding' GROUP BY {kolom}"
          for kolom in ("geslacht", "relatie_veroorzaker", "resultaat", "verzuim")),
        *(f"SELECT {kolom}, COUNT(*) FROM {t['melding']} WHERE organisatie_id = %(org)s "
          f"AND ontvangen_op BETWEEN %(van)s AND %(tot)s GROUP BY {kolom}"
          for kolom in ("bron", "kanaal", "spoor", "aangifte")),
        # Aard: each melding once, by the aard of its topics.
        f"SELECT COUNT(*) FILTER (WHERE og AND NOT it), COUNT(*) FILTER (WHERE it AND NOT og), "
        f"COUNT(*) FILTER (WHERE og AND it), COUNT(*) FILTER (WHERE NOT og AND NOT it) FROM (SELECT "
        f"EXISTS (SELECT 1 FROM {t['onderwerp']} o JOIN {t['categorie']} c ON c.id = o.categorie_id "
        f"WHERE o.dossier_id = d.id AND c.aard = 'ongewenst_gedrag') AS og, "
        f"EXISTS (SELECT 1 FROM {t['onderwerp']} o JOIN {t['categorie']} c ON c.id = o.categorie_id "
        f"WHERE o.dossier_id = d.id AND c.aard = 'integriteit') AS it FROM {t['dossier']} d "
        f"WHERE d.organisatie_id = %(org)s AND d.eerste_contact BETWEEN %(van)s AND %(tot)s "
        f"AND d.soort_contact = 'melding') x",
        # The key figures per VP type (a combined report).
        f"SELECT vp_extern, soort_contact, COUNT(*) FROM {t['dossier']} WHERE organisatie_id = %(org)s "
        f"AND eerste_contact BETWEEN %(van)s AND %(tot)s GROUP BY vp_extern, soort_contact",
        f"SELECT d.vp_extern, COUNT(*) FROM {t['gesprek']} g JOIN {t['dossier']} d ON d.id = g.dossier_id "
        f"WHERE d.organisatie_id = %(org)s AND g.datum BETWEEN %(van)s AND %(tot)s GROUP BY d.vp_extern",
        f"SELECT vp_extern, COUNT(*), SUM(uren) FROM {t['activiteit']} WHERE organisatie_id = %(org)s "
        f"AND datum BETWEEN %(van)s AND %(tot)s GROUP BY vp_extern",
        f"SELECT COUNT(*) FROM {t['signaal']} WHERE organisatie_id = %(org)s AND datum BETWEEN %(van)s AND %(tot)s",
        f"SELECT o.naam, COUNT(*) FROM {t['melding']} m LEFT JOIN {t['onderdeel']} o ON o.id = m.onderdeel_id "
        f"WHERE m.organisatie_id = %(org)s AND m.ontvangen_op BETWEEN %(van)s AND %(tot)s GROUP BY o.naam",
        f"SELECT c.label, p.label, COUNT(*) FROM {t['betrokkene']} b JOIN {t['melding']} m ON m.id = b.melding_id "
        f"LEFT JOIN {t['categorie']} c ON c.id = b.bevinding_id LEFT JOIN {t['categorie']} p ON p.id = c.parent_id "
        f"WHERE m.organisatie_id = %(org)s AND m.ontvangen_op BETWEEN %(van)s AND %(tot)s GROUP BY c.label, p.label",
        f"SELECT c.label, p.label, COUNT(DISTINCT x.betrokkene_id) FROM {t['maatregel']} x "
        f"JOIN {t['betrokkene']} b ON b.id = x.betrokkene_id JOIN {t['melding']} m ON m.id = b.melding_id "
        f"JOIN {t['categorie']} c ON c.id = x.soort_id LEFT JOIN {t['categorie']} p ON p.id = c.parent_id "
        f"WHERE m.organisatie_id = %(org)s AND m.ontvangen_op BETWEEN %(van)s AND %(tot)s GROUP BY c.label, p.label",
        # Outcome per closed melding: the bevindingen of its betrokkenen, the heaviest chosen per melding.
        f"SELECT m.id, c.label, c.volgorde FROM {t['melding']} m LEFT JOIN {t['betrokkene']} b ON b.melding_id = m.id "
        f"LEFT JOIN {t['categorie']} c ON c.id = b.bevinding_id WHERE m.organisatie_id = %(org)s "
        f"AND m.ontvangen_op BETWEEN %(van)s AND %(tot)s AND m.status = 'afgehandeld' AND m.afgehandeld_op <= %(tot)s",
        # The appendix: one line per melding of the year.
        f"SELECT m.kenmerk, m.ontvangen_op, m.bron, m.kanaal, m.spoor, m.status, m.afgehandeld_op, c.label, o.naam, "
        f"EXISTS (SELECT 1 FROM {t['onderzoek']} f WHERE f.melding_id = m.id) FROM {t['melding']} m "
        f"JOIN {t['categorie']} c ON c.id = m.onderwerp_id LEFT JOIN {t['onderdeel']} o ON o.id = m.onderdeel_id "
        f"WHERE m.organisatie_id = %(org)s AND m.ontvangen_op BETWEEN %(van)s AND %(tot)s "
        f"ORDER BY m.ontvangen_op, m.volgnummer",
    ]
    rows = 0
    with connection.cursor() as cursor:
        for j in (jaar, jaar - 1, jaar - 2):
            tot = datetime.date(j, 12, 31)
            params = {"org": organisatie_id, "van": datetime.date(j, 1, 1), "tot": tot,
                      "vandaag": timezone.localdate(), "drie": add_months(tot, -3), "twaalf": add_months(tot, -12),
                      "einde": datetime.datetime(j + 1, 1, 1, tzinfo=timezone.get_current_timezone())}
            # Every breakdown is compared over three years; only the appendix (the last query) is the report year's.
            for sql in jaar_queries + alleen_verslagjaar[:-1] + (alleen_verslagjaar[-1:] if j == jaar else []):
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
    return rows


def _best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def measure_figures(seeded: Seeded, *, repeat: int = 3) -> tuple[list[Row], dict]:
    from reports.figures import compute_figures

    org = seeded.focus.organisatie
    compute_figures(org, seeded.jaar)  # warm-up
    raw_sql_figures(org.pk, seeded.jaar)
    with CaptureQueriesContext(connection) as ctx:
        compute_figures(org, seeded.jaar)
    orm_s, cijfers = _best(lambda: compute_figures(org, seeded.jaar), repeat)
    raw_s, _rows = _best(lambda: raw_sql_figures(org.pk, seeded.jaar), repeat)
    ratio = orm_s / raw_s if raw_s else float("inf")
    n = seeded.focus.records
    return [
        Row(meting=f"Figures, one organisation-year ({n} records), ORM", p50=f"{orm_s * 1000:.0f} ms",
            queries=str(len(ctx.captured_queries)), doel=f"< {FIGURES_S:.0f} s", ok=orm_s < FIGURES_S),
        Row(meting="Figures, hand-written SQL aggregate", p50=f"{raw_s * 1000:.0f} ms", doel="reference"),
        Row(meting="Figures, ratio ORM / SQL", p50=f"{ratio:.2f}x", doel=f"< {FIGURES_RATIO:.0f}x",
            ok=ratio < FIGURES_RATIO),
    ], cijfers


def measure_pdf(seeded: Seeded, cijfers: dict) -> list[Row]:
    from reports.models import Jaarverslag
    from reports.render import render_pdf

    jaarverslag = Jaarverslag(organisatie=seeded.focus.organisatie, jaar=seeded.jaar, versie=1,
                              voorwoord="Synthetisch voorwoord voor de benchmark.")
    begin = time.perf_counter()
    pdf = render_pdf(jaarverslag, cijfers)
    seconds = time.perf_counter() - begin
    return [Row(meting=f"PDF of the jaarverslag ({len(pdf) // 1024} KiB)", p50=f"{seconds:.1f} s",
                doel=f"< {PDF_S:.0f} s", ok=seconds < PDF_S)]


def measure_import(rows: int, write) -> list[Row]:
    from uitwisseling.benchmark import meet_import
    from uitwisseling.columns import MELDINGEN, VERTROUWENSPERSONEN

    result = []
    for register in (MELDINGEN, VERTROUWENSPERSONEN):
        uitkomst = meet_import(rows, register=register, stdout=_Writer(write))
        for stap, sleutel in (("Import", "rijen_per_seconde"), ("Export", "export_rijen_per_seconde")):
            result.append(Row(meting=f"{stap} {register} ({rows} rows, rolled back)",
                              p50=f"{uitkomst[sleutel]} rows/s", doel=f">= {UITWISSELING_RIJEN_PER_S} rows/s",
                              ok=uitkomst[sleutel] >= UITWISSELING_RIJEN_PER_S))
    return result


def peak_memory_row() -> Row:
    # ru_maxrss is in kilobytes on Linux: the peak resident size of this whole benchmark process.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Row(meting="Peak memory (RSS of the benchmark process)", p50=f"{peak_mb:.0f} MB", doel="reported")


class _Writer:
    def __init__(self, write):
        self._write = write

    def write(self, text: str) -> None:
        self._write("  " + text.rstrip("\n"))


def format_table(rows: list[Row]) -> str:
    header = ("measurement", "p50 / value", "p95", "x floor", "queries (big / small org)", "target", "ok")
    cells = [header] + [
        (r.meting, r.p50, r.p95, r.vloer, r.queries, r.doel, "" if r.ok is None else ("yes" if r.ok else "NO"))
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(header))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
