"""The demo association: realistic Arabic data for a new user to try Silah.

Idempotent: every step creates what is missing and leaves what exists. Later capabilities
add their steps here, so the demo grows with Silah.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from silah.accounts import services as accounts
from silah.accounts.models import Branch, User
from silah.accounts.roles import RoleCode
from silah.policy import services as policy_services
from silah.policy.models import Organization, PolicyVersion
from silah.policy.presets import UnknownPreset, create_association_from_preset

LOGIN_FILE = Path(settings.BASE_DIR) / "var" / "demo-login.txt"

# The association the demo runs, from one of the seed presets (`silah list_presets`).
PRESET_VARIABLE = "SILAH_DEMO_PRESET"
DEFAULT_PRESET = "amal_allith"

BRANCHES = [
    ("المقر الرئيسي بالليث", "Al-Lith headquarters", Branch.Kind.HEADQUARTERS, "الليث", None),
    ("فرع الشواق", "Al-Shawaq branch", Branch.Kind.BRANCH, "الشواق", "المقر الرئيسي بالليث"),
    ("مكتب غميقة", "Ghumayqah office", Branch.Kind.OFFICE, "غميقة", "المقر الرئيسي بالليث"),
]

# username, first name, family name, role, branch
STAFF = [
    ("reception", "نورة", "الزهراني", RoleCode.RELATIONS_OFFICER, "المقر الرئيسي بالليث"),
    ("reception2", "فهد", "الحربي", RoleCode.RELATIONS_OFFICER, "فرع الشواق"),
    ("researcher", "هيفاء", "الغامدي", RoleCode.SOCIAL_RESEARCHER, "المقر الرئيسي بالليث"),
    ("researcher2", "سعد", "العمري", RoleCode.SOCIAL_RESEARCHER, "فرع الشواق"),
    ("committee", "عبدالله", "القرني", RoleCode.COMMITTEE_MEMBER, "المقر الرئيسي بالليث"),
    ("liaison", "مها", "الشهري", RoleCode.LIAISON_OFFICER, "المقر الرئيسي بالليث"),
    ("manager", "خالد", "المالكي", RoleCode.MANAGER, "المقر الرئيسي بالليث"),
    ("hr", "أمل", "السلمي", RoleCode.HR, "المقر الرئيسي بالليث"),
    ("board", "محمد", "الثبيتي", RoleCode.BOARD_MEMBER, "المقر الرئيسي بالليث"),
]


@dataclass
class DemoLogin:
    username: str
    password: str
    created: bool
    association: str = ""


def demo_preset() -> str:
    return os.environ.get(PRESET_VARIABLE, "").strip() or DEFAULT_PRESET


def _association(admin: User) -> str:
    """The association and its policy from the preset, unless an association exists."""
    code = demo_preset()
    try:
        organization, _version = create_association_from_preset(code, actor=admin, if_missing=True)
    except UnknownPreset as error:
        raise ImproperlyConfigured(
            f"{PRESET_VARIABLE}={code!r} is not a preset; known: {', '.join(error.known)}"
        ) from error
    return organization.name


def _password() -> str:
    """One password for the demo accounts, made once and kept in var/ (never committed)."""
    if LOGIN_FILE.exists():
        return LOGIN_FILE.read_text(encoding="utf-8").strip()
    password = "silah-" + secrets.token_urlsafe(9)
    LOGIN_FILE.parent.mkdir(parents=True, exist_ok=True)
    LOGIN_FILE.write_text(password + "\n", encoding="utf-8")
    return password


@transaction.atomic
def load_demo() -> DemoLogin:
    password = _password()
    admin, created = accounts.ensure_administrator("admin", "admin@amal-demo.org.sa", password)
    if created:
        admin.first_name, admin.last_name = "ريم", "الجهني"
        admin.save(update_fields=["first_name", "last_name"])

    association = _association(admin)

    branches: dict[str, Branch] = {}
    for name, name_en, kind, city, parent in BRANCHES:
        branch = Branch.objects.filter(name=name).first()
        if branch is None:
            branch = accounts.create_branch(
                name=name,
                name_en=name_en,
                kind=kind,
                city=city,
                parent=branches.get(parent) if parent else None,
                actor=admin,
            )
        branches[name] = branch
    admin.branches.add(*branches.values())

    for username, first, last, role, branch in STAFF:
        if User.objects.filter(username=username).exists():
            continue
        accounts.create_staff(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@amal-demo.org.sa",
            roles=[role],
            branches=[branches[branch]],
            password=password,
            actor=admin,
        )
    _policy_activity(admin)
    return DemoLogin(username="admin", password=password, created=created, association=association)


# Demo staff who have already acknowledged the policy in force (the rest are asked on login,
# so HR's page shows both).
ACKNOWLEDGED = ["reception", "researcher", "manager", "board", "liaison"]


def _policy_activity(admin: User) -> None:
    """Some staff have acknowledged the version in force; a draft changes the deadline."""
    organization = Organization.current()
    in_force = policy_services.version_in_force(organization)
    if in_force is None or in_force.acknowledgements.exists():
        return
    for user in User.objects.filter(username__in=ACKNOWLEDGED):
        policy_services.acknowledge(
            in_force, user=user, typed_name=user.get_full_name(), confirmed=True
        )
    if organization.policy_versions.filter(status=PolicyVersion.Status.DRAFT).exists():
        return
    draft = policy_services.start_draft(organization, actor=admin)
    rules = draft.parsed_rules().model_dump(mode="json")
    rules["deadline"] = {**rules["deadline"], "length": 10, "unit": "working"}
    policy_services.update_draft(draft, actor=admin, rules=rules)
