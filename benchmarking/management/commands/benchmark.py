"""`python manage.py benchmark [--records N]`: the performance budgets of ARCHITECTURE.md, measured and printed.

Seeds N synthetic records (default 100 000) into the configured PostgreSQL database and leaves them there:
run it against a separate, disposable database (docs/performance.md). The code lives in `benchmarking/`.
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from django.utils import timezone

from benchmarking import measure, seed


class Command(BaseCommand):
    help = "Seed synthetic records and print server times, query counts, figure/PDF/import timings (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=100_000, help="records to seed (default 100 000)")
        parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
        parser.add_argument("--import-rows", type=int, default=None,
                            help="rows per import measurement (default: records/10, between 200 and 10 000)")
        parser.add_argument("--jaar", type=int, default=None, help="report year (default: last year)")
        parser.add_argument("--yes", action="store_true",
                            help="the database is disposable (needed unless its name contains 'bench' or 'test')")
        parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite anyway (numbers mean little)")

    def handle(self, *args, records, requests, import_rows, jaar, yes, allow_sqlite, **options):
        if records < 100:
            raise CommandError("--records must be at least 100.")
        if connection.vendor != "postgresql" and not allow_sqlite:
            raise CommandError(
                f"The benchmark measures PostgreSQL (the production database); this is {connection.vendor}. "
                "Point DATABASE_URL at a disposable PostgreSQL database, e.g. postgres://postgres@127.0.0.1/benchdb."
            )
        name = str(connection.settings_dict["NAME"])
        if not yes and "bench" not in name and "test" not in name:
            raise CommandError(f"The benchmark writes synthetic organisations into {name!r} and leaves them there. "
                               "Use a separate database (name containing 'bench'), or pass --yes.")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(f"Database {name!r} has unapplied migrations; run `python manage.py migrate` first.")
        if settings.DEBUG:
            self.stderr.write("Warning: DEBUG is on; Django then keeps every query in memory and timings are higher.")
        jaar = jaar or timezone.localdate().year - 1
        import_rows = import_rows or min(10_000, max(200, records // 10))
        write = self.stdout.write
        # Every force_login of the page measurements is a "successful login" line otherwise.
        logging.getLogger("axes").setLevel(logging.WARNING)

        write(f"Seeding {records} records into {connection.vendor} database {name!r} ...")
        begin = time.perf_counter()
        seeded = seed.seed(records, jaar=jaar, write=write)
        if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would have them in production
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        write(f"  {seeded.records} records in {len(seeded.organisaties)} organisations, "
              f"{time.perf_counter() - begin:.0f} s")

        rows: list[measure.Row] = []
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            write(f"Timing {len(measure.PAGES)} pages x {requests} requests ...")
            rows += measure.measure_pages(seeded, requests=requests)
        write("Timing the figures and the raw SQL aggregate ...")
        figure_rows, cijfers = measure.measure_figures(seeded)
        rows += figure_rows
        write("Rendering the PDF ...")
        rows += measure.measure_pdf(seeded, cijfers)
        write(f"Importing {import_rows} rows per register ...")
        rows += measure.measure_import(import_rows, write)
        rows.append(measure.peak_memory_row())

        write("")
        write(f"Database: {seeded.records} records in {len(seeded.organisaties)} organisations; big organisation "
              f"{seeded.focus.records} records in {jaar}, small organisation {seeded.klein.records}.")
        write(measure.format_table(rows))
        missed = [r.meting for r in rows if r.ok is False]
        write("")
        write("All targets met." if not missed else "Targets missed: " + "; ".join(missed))
