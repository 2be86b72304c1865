"""The audit log is append-only and its hash chain reveals any alteration."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accounts.audit import AuditEntry, audit, verify_chain


@pytest.fixture
def entries(cast):
    return [audit(f"test_actie_{i}", gebruiker=cast.vp, organisatie=cast.org, details={"n": i}) for i in range(5)]


def _without_triggers(sql: str, params: list):
    """Tamper as an attacker with table-owner rights would: drop the guard triggers first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE accounts_auditentry DISABLE TRIGGER audit_no_update")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE accounts_auditentry ENABLE TRIGGER audit_no_update")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")  # gone until the test rolls back
            cursor.execute(sql, params)


def test_chain_of_untouched_log_verifies(entries, capsys):
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEntry.objects.count()
    call_command("verify_audit_log")
    assert "intact" in capsys.readouterr().out


def test_each_row_chains_the_previous_hash(entries):
    rows = list(AuditEntry.objects.order_by("id"))
    for previous, current in zip(rows, rows[1:], strict=False):
        assert current.vorige_hash == previous.hash


def test_altered_row_is_named_by_verify_command(entries):
    target = entries[2]
    _without_triggers("UPDATE accounts_auditentry SET actie = %s WHERE id = %s", ["iets_anders", target.pk])
    with pytest.raises(CommandError, match=f"entry id {target.pk}"):
        call_command("verify_audit_log")


def test_removed_row_breaks_the_chain_at_the_next_row(entries):
    _without_triggers("DELETE FROM accounts_auditentry WHERE id = %s", [entries[1].pk])
    _, broken = verify_chain()
    assert broken is not None and broken.entry_id == entries[2].pk


def test_application_cannot_update_or_delete_entries(entries):
    entry = AuditEntry.objects.get(pk=entries[0].pk)
    entry.actie = "gewijzigd"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(actie="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_database_refuses_raw_update_and_delete(entries):
    statements = ["UPDATE accounts_auditentry SET actie = 'x' WHERE id = %s"]
    if connection.vendor == "postgresql":  # SQLite keeps only the UPDATE trigger (see migration 0002)
        statements.append("DELETE FROM accounts_auditentry WHERE id = %s")
    for sql in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entries[0].pk])
    assert AuditEntry.objects.filter(pk=entries[0].pk, actie="test_actie_0").exists()


def test_audit_entries_carry_who_and_which_organisation(cast):
    entry = audit("iets", gebruiker=cast.coordinator, organisatie=cast.org, objecttype="x", object_id=7)
    fresh = AuditEntry.objects.get(pk=entry.pk)
    assert (fresh.gebruiker_id, fresh.gebruiker_label, fresh.organisatie_id) == (
        cast.coordinator.pk, cast.coordinator.email, cast.org.pk,
    )
    assert fresh.compute_hash() == fresh.hash


def test_role_changes_are_audited(cast):
    from accounts.models import Lidmaatschap
    from accounts.services import lidmaatschap_intrekken

    lid = Lidmaatschap.objects.get(gebruiker=cast.lezer, organisatie=cast.org)
    lidmaatschap_intrekken(lidmaatschap=lid, door=cast.beheerder)
    entry = AuditEntry.objects.filter(actie="rol_ingetrokken").latest("id")
    assert entry.gebruiker_id == cast.beheerder.pk
    assert entry.details == {"gebruiker_id": cast.lezer.pk, "rol": "rapportagelezer"}


def _rewrite_from(target_id: int, actie: str) -> None:
    """The attack the chain alone cannot see: alter a row and recompute every hash from there on."""
    rows = list(AuditEntry.objects.filter(id__gte=target_id).order_by("id"))
    previous = AuditEntry.objects.filter(id__lt=target_id).order_by("-id").values_list("hash", flat=True).first()
    for row in rows:
        if row.pk == target_id:
            row.actie = actie
        row.vorige_hash = previous
        row.hash = row.compute_hash()
        previous = row.hash
        _without_triggers("UPDATE accounts_auditentry SET actie = %s, vorige_hash = %s, hash = %s WHERE id = %s",
                          [row.actie, row.vorige_hash, row.hash, row.pk])


def test_an_anchor_kept_outside_reveals_a_rewritten_chain(entries, tmp_path, capsys):
    ankers = tmp_path / "audit-ankers.txt"
    call_command("audit_anker", bestand=ankers)
    call_command("verify_audit_log", anker=ankers)
    assert "1 anchor(s) match" in capsys.readouterr().out
    _rewrite_from(entries[2].pk, "iets_anders")
    assert verify_chain()[1] is None  # the chain alone is consistent again after a full rewrite
    with pytest.raises(CommandError, match=f"does NOT match its anchor at entry id {entries[-1].pk}"):
        call_command("verify_audit_log", anker=ankers)


def test_an_anchor_reveals_a_removed_tail(entries, tmp_path):
    ankers = tmp_path / "audit-ankers.txt"
    call_command("audit_anker", bestand=ankers, stdout=io.StringIO())
    audit("later")
    call_command("audit_anker", bestand=ankers, stdout=io.StringIO())
    assert len(ankers.read_text().splitlines()) == 2
    last = AuditEntry.objects.latest("id")
    if connection.vendor == "postgresql":
        _without_triggers("DELETE FROM accounts_auditentry WHERE id = %s", [last.pk])
    else:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [last.pk])
    assert verify_chain()[1] is None  # a cut-off tail leaves a valid chain
    with pytest.raises(CommandError, match=f"entry id {last.pk}: anchored row is missing"):
        call_command("verify_audit_log", anker=ankers)


def test_a_malformed_anchor_file_is_refused_with_its_line(entries, tmp_path):
    ankers = tmp_path / "audit-ankers.txt"
    ankers.write_text("# anchors of the backup job\n\n12 nothex\n")
    with pytest.raises(CommandError, match="line 3 is not an anchor"):
        call_command("verify_audit_log", anker=ankers)
