"""The performance benchmark of ARCHITECTURE.md ("Performance budgets"), run by `python manage.py benchmark`.

A plain package, not a Django app: it adds no models and no migrations. `seed` fills a database with synthetic
records quickly (bulk inserts straight into the tables); `measure` times the pages, the figures, the PDF and the
import, and returns rows for the printed table. Numbers are printed, never asserted (docs/performance.md).
"""
