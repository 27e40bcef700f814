"""`silah create_association --preset <code>`: the association and its policy, from a preset."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from silah.core.errors import DomainError
from silah.policy.models import Organization
from silah.policy.presets import UnknownPreset, create_association_from_preset


class Command(BaseCommand):
    help = (
        "Create the association and its first policy version from a preset "
        "(see `silah list_presets`)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--preset", required=True, help="the preset's code, e.g. amal_allith")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing (and succeed) when an association already exists",
        )
        parser.add_argument(
            "--actor", default="", help="username recorded as the one who created it"
        )

    def handle(self, *args, **options) -> None:
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user {options['actor']!r}.")
        existed = Organization.objects.exists()
        try:
            organization, version = create_association_from_preset(
                options["preset"], actor=actor, if_missing=options["if_missing"]
            )
        except UnknownPreset as error:
            raise CommandError(
                f"Unknown preset {error.code!r}. Known presets: {', '.join(error.known)}"
            ) from error
        except DomainError as error:
            raise CommandError(error.message) from error
        if existed:
            self.stdout.write(
                self.style.WARNING("An association already exists; nothing was created.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Created from the preset {options['preset']!r}:"))
        self._report(organization, version)

    def _report(self, organization, version) -> None:
        out = self.stdout
        out.write(f"  Association: {organization.name}")
        if organization.name_en:
            out.write(f"  English name: {organization.name_en}")
        if organization.licence_number:
            out.write(
                f"  Licence: {organization.licence_number} ({organization.licence_authority})"
            )
        place = "، ".join(part for part in (organization.city, organization.region) if part)
        if place:
            out.write(f"  Place: {place}")
        out.write(f"  The people it serves: {organization.beneficiary_term_plural}")
        if version is None:
            out.write("  No policy version yet.")
            return
        rules = version.parsed_rules()
        out.write(f"  Policy version {version.number}: {version.title}")
        if version.in_force:
            out.write(
                f"    in force: board resolution {version.resolution_number} "
                f"on {version.approved_on.isoformat()}, "
                f"next review {version.next_review_on.isoformat()}"
            )
        else:
            out.write(f"    {version.status}: awaiting the board's approval record")
        deadline = (
            "none stated"
            if rules.deadline.unit == "none"
            else f"{rules.deadline.length} {rules.deadline.unit} days "
            f"from the request being {rules.deadline.counts_from}"
        )
        out.write(
            f"    {len(version.sections)} text sections, "
            f"{len(rules.intake.codes())} intake channels, {len(rules.tools)} tools, "
            f"deadline: {deadline}, decided by: {rules.decision.body}"
        )
