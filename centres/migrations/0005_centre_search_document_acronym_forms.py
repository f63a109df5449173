from django.db import migrations

from unicancer_site.core.search_migrations import rebuild_documents


class Migration(migrations.Migration):
    """The search documents again: acronyms and their number as one word ("ASTER 70s" -> "aster70s"), EU CT
    numbers also without their last two digits (core.search_text.other_forms, identifier_forms)."""

    dependencies = [
        ("core", "0007_search_words_and_english_configuration"),
        ("centres", "0004_site_region_english_names"),
    ]

    operations = rebuild_documents("centres", "centre")
