"""`silah rebuild_search_index`: rebuild the name index (keys and vocabulary) from scratch.

The services keep the index up to date on every write; run this after loading beneficiaries
outside the services (a restore, a bulk load) or after changing the search-word rules.
"""

from django.core.management.base import BaseCommand

from silah.registry.search import forget_vocabulary
from silah.registry.search_index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the registry's name search index from the stored names."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=20_000)

    def handle(self, *args, batch_size: int, **options) -> None:
        keys, words = rebuild_index(batch_size=batch_size)
        forget_vocabulary()
        self.stdout.write(f"{keys} keys, {words} words")
