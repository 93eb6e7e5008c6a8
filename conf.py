# Sphinx configuration for the Dalbit book, shared by every language edition.
# The language is chosen per build (`-D language=ko_KP`, see the Makefile),
# never by editing this file.
project = "Dalbit: Information and North Korea"
author = "The Dalbit team"
copyright = "2026, The Dalbit team"
release = version = "1.0"

extensions = ["dalbit.sphinx"]

root_doc = "index"
language = "en"
exclude_patterns = []
templates_path = []

# Translation: one catalog per document, no UUIDs or locations churning diffs.
locale_dirs = ["../locale/"]
gettext_compact = False
gettext_uuid = False
gettext_location = False
gettext_additional_targets = ["index"]  # figure alt text is extracted anyway

# The editions the language switch links, by output folder under build/html/.
dalbit_editions = {
    "en": {"language": "en", "label": "English"},
    "ko": {"language": "ko_KP", "label": "조선말"},
    "en-ko": {"language": "ko_KP", "label": "English · 조선말", "bilingual": True},
}

# HTML: nothing from the network, nothing the offline reader does not need.
html_title = project
html_theme = "alabaster"
html_theme_options = {"show_powered_by": False, "show_relbars": True}
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
html_static_path = []
html_last_updated_fmt = None

# EPUB: one book per language.
epub_title = project
epub_author = author
epub_publisher = "The Dalbit team"
epub_contributor = author
epub_description = "Foreign media, information control and the people of North Korea"
epub_show_urls = "no"
epub_basename = "dalbit"

# The sources are in docs/; conf.py stays at the root beside locale/.
dalbit_source_dir = "docs"
