"""The checker, read top-down: ``findings`` (what is reported), ``rules`` (each rule, named and
documented), ``engine`` (running the rules over catalogs), ``paths`` (which files are catalogs).

Nothing is imported here, so that the model (``dalbit.check.findings``) loads alone.
"""
