"""Database triggers that refuse UPDATE and DELETE on the audit log.

The model already refuses them; the triggers also stop raw SQL from the application's own connection.
An operator with table-owner rights can still drop them: that is what verify_audit_log is for.
On SQLite (the single-user laptop default) only UPDATE is refused: SQLite has no TRUNCATE, so Django's
test-database flush deletes rows one by one and a DELETE trigger would make transactional tests impossible.
"""

from django.db import migrations

TABLE = "accounts_auditentry"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION vertrouwd_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION vertrouwd_audit_append_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS audit_no_update ON {TABLE};
DROP FUNCTION IF EXISTS vertrouwd_audit_append_only();
"""
SQLITE_UP = [
    f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE} BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END;",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_no_update;"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        if isinstance(statements, str):
            statements = [statements]
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
