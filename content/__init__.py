"""Content packs: their format, the loader that checks them, and the packs themselves.

Kept free of imports on purpose: the game rules import ``content.catalog`` and must not
pull YAML or marshmallow in with it. Use ``content.loader`` to read packs.
"""
