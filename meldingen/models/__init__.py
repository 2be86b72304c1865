from meldingen.models.taxonomie import Categorie, Soort

__all__ = ["Categorie", "Soort"]
