from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from silah.policy.presets import list_presets
from silah.policy.seed_fidelity import lines_not_in_seed


class Command(BaseCommand):
    help = "Check that every preset's text stands in its seed document."

    def add_arguments(self, parser) -> None:
        parser.add_argument("seeds_dir", help="the folder of the seed policies (../shared/seeds)")

    def handle(self, *args, seeds_dir: str, **options) -> None:
        folder = Path(seeds_dir)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder of seed policies")
        failures = 0
        for info in list_presets():
            missing = lines_not_in_seed(info.code, folder)
            failures += len(missing)
            status = "ok" if not missing else f"{len(missing)} line(s) not in {info.seed}"
            self.stdout.write(f"{info.code}: {status}")
            for line in missing:
                self.stdout.write(f"  - {line}")
        if failures:
            raise CommandError(f"{failures} preset line(s) are not in their seed")
