"""gettext catalogs (.po): what one holds, how to read, check and write one.

- ``model``: Entry and Catalog, and PoSyntaxError for a catalog that cannot be read;
- ``escapes``: the one table of backslash escapes, the one Babel compiles into the book;
- ``reader``: parse_po and read_catalog, with the line of every entry and every error;
- ``validate``: what msgfmt --check refuses beyond syntax (plural counts, newlines, charset);
- ``writer``: format_catalog, the one canonical form ``dalbit fmt`` writes.
"""
