"""The taxonomy moves out of the meldingen app: the same table (meldingen_categorie), a new owner.

State only: the table, its rows, constraint and index stay exactly where they are. The content type follows, so
permissions and admin history keep pointing at the model. meldingen 0006 and vertrouwenspersonen 0003 re-point
their foreign keys in the migration state and meldingen then forgets the model.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def content_type_naar_taxonomie(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="meldingen", model="categorie").update(app_label="taxonomie")


def content_type_terug(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="taxonomie", model="categorie").update(app_label="meldingen")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0003_roluitnodiging"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meldingen", "0005_versleutel_onderzoek_namen"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Categorie",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("geldig_van", models.DateField(default=django.utils.timezone.localdate, verbose_name="geldig vanaf")),
                        ("geldig_tot", models.DateField(blank=True, null=True, verbose_name="geldig tot en met")),
                        ("soort", models.CharField(choices=[("vp_onderwerp", "Onderwerp (vertrouwenspersonen)"), ("integriteit_onderwerp", "Onderwerp (meldingenregister)"), ("bevinding", "Bevinding"), ("maatregel", "Maatregel of gevolg")], max_length=30, verbose_name="soort")),
                        ("label", models.CharField(max_length=200, verbose_name="omschrijving")),
                        ("code", models.SlugField(max_length=80, verbose_name="code")),
                        ("volgorde", models.PositiveSmallIntegerField(default=0, verbose_name="volgorde")),
                        ("organisatie", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="categorieen", to="accounts.organisatie")),
                        ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="subcategorieen", to="taxonomie.categorie", verbose_name="valt onder")),
                    ],
                    options={
                        "verbose_name": "categorie",
                        "verbose_name_plural": "categorieën",
                        "db_table": "meldingen_categorie",
                        "ordering": ["soort", "volgorde", "label"],
                        "indexes": [models.Index(fields=["organisatie", "soort"], name="meldingen_c_organis_625b6c_idx")],
                        "constraints": [models.UniqueConstraint(fields=("organisatie", "soort", "code"), name="categorie_code_uniek")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_naar_taxonomie, content_type_terug),
    ]
