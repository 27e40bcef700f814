"""`silah list_presets`: the ready policies an association can start from (the five seeds)."""

from django.core.management.base import BaseCommand

from silah.policy.presets import list_presets, load_preset


class Command(BaseCommand):
    help = "List the policy presets (one per seed policy) that create_association can use."

    def handle(self, *args, **options) -> None:
        for info in list_presets():
            preset = load_preset(info.code)
            if preset.approval is not None:
                status = (
                    f"approved: resolution {preset.approval.resolution_number} "
                    f"on {preset.approval.approved_on.isoformat()}"
                )
            else:
                status = "draft (the seed records no board resolution)"
            self.stdout.write(f"{info.code}\t{info.organization_name}\t{info.seed}\t{status}")
