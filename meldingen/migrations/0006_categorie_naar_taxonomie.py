"""The register's category foreign keys point at the taxonomy app (same table; state only), then the model leaves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("meldingen", "0005_versleutel_onderzoek_namen"),
        ("taxonomie", "0001_initial"),
        ("vertrouwenspersonen", "0003_onderwerpen_uit_taxonomie"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="betrokkene",
                    name="bevinding",
                    field=models.ForeignKey(blank=True, limit_choices_to={"soort": "bevinding"}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="taxonomie.categorie", verbose_name="bevinding"),
                ),
                migrations.AlterField(
                    model_name="maatregel",
                    name="soort",
                    field=models.ForeignKey(limit_choices_to={"soort": "maatregel"}, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="taxonomie.categorie", verbose_name="maatregel"),
                ),
                migrations.AlterField(
                    model_name="melding",
                    name="onderwerp",
                    field=models.ForeignKey(limit_choices_to={"soort": "integriteit_onderwerp"}, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="taxonomie.categorie", verbose_name="onderwerp"),
                ),
                migrations.DeleteModel(name="Categorie"),
            ],
            database_operations=[],
        ),
    ]
