import csv
import io

from openpyxl import Workbook


def maak_csv(rows: list[dict], *, sep: str = ",", bom: bool = False, header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    header = header or list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    data = buffer.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def maak_xlsx(rows: list[dict], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    header = header or list(dict.fromkeys(k for row in rows for k in row))
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h) for h in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MELDING = {
    "kenmerk": "2023-001", "datum_ontvangst": "2023-03-01", "onderwerp": "Financiële schendingen", "bron": "intern",
}
DOSSIER = {
    "kenmerk": "A1", "datum_eerste_contact": "2023-03-01", "onderwerpen": "pesten",
    "organisatieonderdeel": "Ruimte",
}


def melding(**changes) -> dict:
    return {**MELDING, **changes}


def dossier(**changes) -> dict:
    return {**DOSSIER, **changes}


def integriteit(cast, data: bytes, **kwargs):
    from uitwisseling.importeren import importeer

    kwargs.setdefault("door", cast.coordinator)
    return importeer(data, organisatie=cast.org, register="meldingen", **kwargs)


def vp_import(cast, data: bytes, **kwargs):
    from uitwisseling.importeren import importeer

    kwargs.setdefault("door", cast.vp)
    kwargs.setdefault("eigenaar", cast.vp)
    return importeer(data, organisatie=cast.org, register="vertrouwenspersonen", **kwargs)


def fouten(resultaat) -> list[tuple]:
    return [(f.rij, f.kolom) for f in resultaat.fouten]

