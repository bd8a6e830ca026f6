"""Boîte à outils du Bassin minier Patrimoine mondial: content/ -> kits/."""
