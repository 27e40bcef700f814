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
from silah.accounts.models import Branch, Role, User
from silah.accounts.roles import RoleCode
from silah.policy import services as policy_services
from silah.policy.models import Organization, PolicyVersion
from silah.policy.presets import UnknownPreset, create_association_from_preset
from silah.services.demo import ensure_demo_catalogue

LOGIN_FILE = Path(settings.BASE_DIR) / "var" / "demo-login.txt"

# The association the demo runs, from one of the seed presets (`silah list_presets`).
PRESET_VARIABLE = "SILAH_DEMO_PRESET"
DEFAULT_PRESET = "amal_allith"

BRANCHES = [
    ("المقر الرئيسي بالليث", "Al-Lith headquarters", Branch.Kind.HEADQUARTERS, "الليث", None),
    ("فرع الشواق", "Al-Shawaq branch", Branch.Kind.BRANCH, "الشواق", "المقر الرئيسي بالليث"),
    ("مكتب غميقة", "Ghumayqah office", Branch.Kind.OFFICE, "غميقة", "المقر الرئيسي بالليث"),
]

# username, first name, family name, role, branch (or branches). The headquarters' relations
# officer also serves the Ghumayqah office under it (she registers its beneficiaries), so she
# sees its files and requests; the Al-Shawaq officer serves that branch alone. The four
# committee members sit on the research committee (applications_activity: chair, secretary,
# two members).
STAFF = [
    (
        "reception",
        "نورة",
        "الزهراني",
        RoleCode.RELATIONS_OFFICER,
        ("المقر الرئيسي بالليث", "مكتب غميقة"),
    ),
    ("reception2", "فهد", "الحربي", RoleCode.RELATIONS_OFFICER, "فرع الشواق"),
    ("researcher", "هيفاء", "الغامدي", RoleCode.SOCIAL_RESEARCHER, "المقر الرئيسي بالليث"),
    ("researcher2", "سعد", "العمري", RoleCode.SOCIAL_RESEARCHER, "فرع الشواق"),
    ("committee", "عبدالله", "القرني", RoleCode.COMMITTEE_MEMBER, "المقر الرئيسي بالليث"),
    ("committee2", "سارة", "البقمي", RoleCode.COMMITTEE_MEMBER, "المقر الرئيسي بالليث"),
    ("committee3", "إبراهيم", "الشمري", RoleCode.COMMITTEE_MEMBER, "المقر الرئيسي بالليث"),
    ("committee4", "هند", "الدوسري", RoleCode.COMMITTEE_MEMBER, "فرع الشواق"),
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
        served = [branches[name] for name in _names(branch)]
        user = User.objects.filter(username=username).first()
        if user is None:
            accounts.create_staff(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@amal-demo.org.sa",
                roles=[role],
                branches=served,
                password=password,
                actor=admin,
            )
        elif not set(served) <= set(user.branches.all()):  # a branch added to the demo later
            accounts.update_staff(
                user,
                username=user.username,
                first_name=user.first_name,
                last_name=user.last_name,
                email=user.email,
                roles=list(Role.objects.filter(group__user=user)),
                branches={*user.branches.all(), *served},
                is_active=user.is_active,
                actor=admin,
            )
    _policy_activity(admin)
    _beneficiaries(admin)
    _registry_activity()
    ensure_demo_catalogue(Organization.current())
    _applications_activity()
    return DemoLogin(username="admin", password=password, created=created, association=association)


# Demo staff who have already acknowledged the policy in force (the rest are asked on login,
# so HR's page shows both).
ACKNOWLEDGED = ["reception", "researcher", "manager", "board", "liaison"]


def _policy_activity(admin: User) -> None:
    """Some staff have acknowledged the version in force; a draft changes the deadline and,
    where the policy names a referral target, gives referrals three working days for an
    answer."""
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
    if rules["referral"]["kind"] != "none":
        rules["referral"] = {**rules["referral"], "answer_within_working_days": 3}
    policy_services.update_draft(draft, actor=admin, rules=rules)


# -- beneficiaries -----------------------------------------------------------------------------

# Households: (family name, father of the children, city, district, housing, yearly rent,
# incomes, obligations, members). A member: (first name, father's name, grandfather's name,
# sex, relationship, birth year, categories, identity kind). The first member is the head.
# Identity kinds: "id" (national ID), "iqama", or a reason for having none.
DEMO_HOUSEHOLDS = [
    (
        "الزهراني",
        "الليث",
        "حي الخالدية",
        "rented",
        18000,
        [("social_security", 2400), ("citizen_account", 900)],
        [("loan", 600)],
        [
            ("مريم", "سعيد", "علي", "female", "head", 1982, [("widow", "")], "id"),
            ("عبدالله", "محمد", "سعيد", "male", "son", 2010, [("orphan", "")], "id"),
            ("جود", "محمد", "سعيد", "female", "daughter", 2013, [("orphan", "")], "id"),
            (
                "يوسف",
                "محمد",
                "سعيد",
                "male",
                "son",
                2016,
                [("orphan", ""), ("disability", "حركية")],
                "id",
            ),
        ],
    ),
    (
        "الحربي",
        "القنفذة",
        "حي النزهة",
        "owned",
        None,
        [("pension", 3800)],
        [],
        [
            ("سالم", "عايض", "مسفر", "male", "head", 1958, [("elderly", "")], "id"),
            ("حصة", "ناصر", "حمد", "female", "spouse", 1963, [("patient", "")], "id"),
            ("فيصل", "سالم", "عايض", "male", "son", 1996, [("disability", "بصرية")], "id"),
        ],
    ),
    (
        "الشهري",
        "الليث",
        "حي الشاطئ",
        "rented",
        14000,
        [("support", 1500), ("citizen_account", 700)],
        [("debt", 400)],
        [
            ("نوال", "عبدالرحمن", "فهد", "female", "head", 1985, [("prisoner_family", "")], "id"),
            ("ريان", "خالد", "عبدالرحمن", "male", "son", 2008, [("prisoner_family", "")], "id"),
            (
                "لمى",
                "خالد",
                "عبدالرحمن",
                "female",
                "daughter",
                2012,
                [("prisoner_family", "")],
                "id",
            ),
            (
                "تميم",
                "خالد",
                "عبدالرحمن",
                "male",
                "son",
                2019,
                [("prisoner_family", "")],
                "لم تُستخرج له هوية بعد لغياب الأب",
            ),
            (
                "ديما",
                "خالد",
                "عبدالرحمن",
                "female",
                "daughter",
                2021,
                [("prisoner_family", "")],
                "مولودة حديثًا ولم تُضف إلى سجل الأسرة",
            ),
        ],
    ),
    (
        "العمري",
        "الشواق",
        "حي الروضة",
        "other",
        None,
        [("social_security", 1900)],
        [],
        [
            ("أحمد", "مبارك", "سعد", "male", "head", 1975, [("disability", "سمعية")], "id"),
            ("فاطمة", "عوض", "سالم", "female", "spouse", 1980, [], "id"),
            ("سعود", "أحمد", "مبارك", "male", "son", 2005, [], "id"),
            ("رهف", "أحمد", "مبارك", "female", "daughter", 2009, [("disability", "ذهنية")], "id"),
            ("هتان", "أحمد", "مبارك", "male", "son", 2014, [], "id"),
            ("شهد", "أحمد", "مبارك", "female", "daughter", 2017, [], "id"),
        ],
    ),
    (
        "القرني",
        "القنفذة",
        "حي الفيصلية",
        "rented",
        12000,
        [("salary", 3200)],
        [("loan", 1100)],
        [
            ("عائشة", "حسن", "محمد", "female", "head", 1979, [("divorcee", "")], "id"),
            ("نايف", "علي", "حسن", "male", "son", 2007, [], "id"),
            ("أروى", "علي", "حسن", "female", "daughter", 2011, [("patient", "")], "id"),
        ],
    ),
    (
        "البلادي",
        "غميقة",
        "حي السلام",
        "owned",
        None,
        [("social_security", 2100), ("citizen_account", 650)],
        [],
        [
            ("محمد", "عطية", "حامد", "male", "head", 1968, [("low_income", "")], "id"),
            ("زينب", "عيسى", "محمد", "female", "spouse", 1972, [], "iqama"),
            ("هادي", "محمد", "عطية", "male", "son", 2001, [("disability", "توحد")], "id"),
            ("رغد", "محمد", "عطية", "female", "daughter", 2006, [], "id"),
        ],
    ),
    (
        "المالكي",
        "الليث",
        "حي المروج",
        "rented",
        16000,
        [("social_security", 2300)],
        [("debt", 500)],
        [
            (
                "خديجة",
                "مستور",
                "عبدالله",
                "female",
                "head",
                1977,
                [("widow", ""), ("patient", "")],
                "id",
            ),
            ("مشاري", "عبدالعزيز", "مستور", "male", "son", 2009, [("orphan", "")], "id"),
            ("غلا", "عبدالعزيز", "مستور", "female", "daughter", 2014, [("orphan", "")], "id"),
        ],
    ),
]

# People served on their own: (first, father, grandfather, family, sex, birth year, city,
# categories, identity kind).
DEMO_SINGLES = [
    ("عبدالرحمن", "صالح", "محمد", "الجهني", "male", 1950, "الليث", [("elderly", "")], "id"),
    (
        "نورة",
        "سعد",
        "عبدالله",
        "الغامدي",
        "female",
        1990,
        "القنفذة",
        [("disability", "حركية")],
        "id",
    ),
    ("بندر", "ماجد", "فالح", "العتيبي", "male", 1988, "الليث", [("disability", "بصرية")], "id"),
    (
        "حليمة",
        "إبراهيم",
        "آدم",
        "هوساوي",
        "female",
        1961,
        "القنفذة",
        [("widow", ""), ("elderly", "")],
        "iqama",
    ),
    ("منيرة", "عبدالله", "ناصر", "السبيعي", "female", 1984, "الشواق", [("divorcee", "")], "id"),
    ("ماجد", "حمدان", "سالم", "الثبيتي", "male", 1999, "الليث", [("patient", "")], "id"),
    ("عبير", "فهد", "عيضة", "الشمراني", "female", 1993, "غميقة", [("prisoner_family", "")], "id"),
    ("سعيد", "مفرح", "علي", "القحطاني", "male", 1970, "القنفذة", [("low_income", "")], "id"),
    ("أمل", "حسين", "أحمد", "الفيفي", "female", 2002, "الليث", [("orphan", "")], "id"),
    ("راشد", "عوض", "مبارك", "الرشيدي", "male", 1981, "الشواق", [("disability", "سمعية")], "id"),
    ("هيا", "سلطان", "محمد", "العصيمي", "female", 1975, "القنفذة", [("widow", "")], "id"),
    (
        "جابر",
        "مستور",
        "ضيف الله",
        "الحارثي",
        "male",
        1945,
        "الليث",
        [("elderly", "")],
        "فقد بطاقته ويُستخرج بدل فاقد",
    ),
]

STREETS = ["طريق الملك عبدالعزيز", "شارع الأمير سلطان", "شارع الستين", "شارع البحر"]
BRANCH_OF_CITY = {
    "الليث": "المقر الرئيسي بالليث",
    "القنفذة": "المقر الرئيسي بالليث",
    "الشواق": "فرع الشواق",
    "غميقة": "مكتب غميقة",
}
DEMO_REASON = "بيانات تجريبية"


def _identity(kind: str, serial: int) -> dict:
    from stdnum import luhn

    if kind in ("id", "iqama"):
        body = f"{1 if kind == 'id' else 2}{5_300_000 + serial * 7919:08d}"
        return {
            "identity_type": "national_id" if kind == "id" else "iqama",
            "identity_number": body + luhn.calc_check_digit(body),
        }
    return {"identity_type": "none", "identity_number": "", "identity_reason": kind}


def _demo_person(
    serial: int,
    first,
    father,
    grandfather,
    family,
    sex,
    year,
    city,
    kind,
    mobile: str,
    branch: Branch,
    *,
    researcher: User | None,
) -> dict:
    import datetime as dt

    letters = "RLTQ" if city in ("الليث", "الشواق", "غميقة") else "RQNA"
    return {
        "first_name": first,
        "father_name": father,
        "grandfather_name": grandfather,
        "family_name": family,
        **_identity(kind, serial),
        "nationality": "SA" if kind != "iqama" else "YE",
        "sex": sex,
        "birth_date": dt.date(year, 1 + serial % 12, 1 + (serial * 3) % 28),
        "marital_status": "",
        "mobile": mobile,
        "preferred_channel": _channel(serial),
        "building_number": f"{2000 + serial * 37 % 7000:04d}",
        "street": STREETS[serial % len(STREETS)],
        "city": city,
        "postal_code": "28" + f"{serial * 11 % 1000:03d}" if city != "القنفذة" else "28821",
        "additional_number": f"{1000 + serial * 53 % 8999:04d}",
        "short_address": f"{letters}{1000 + serial * 71 % 8999:04d}",
        "branch": branch,
        "assigned_researcher": researcher,
    }


def _beneficiaries(admin: User) -> None:
    """About forty beneficiaries: seven households of three to six and a dozen on their own,
    with researchers and liaison officers from the demo staff. Skipped once any exists."""
    from silah.registry import services as registry
    from silah.registry.models import Beneficiary, Category, LiaisonAssignment

    if Beneficiary.objects.exists():
        return
    staff = {
        user.username: user
        for user in User.objects.filter(
            username__in=[
                "reception",
                "reception2",
                "researcher",
                "researcher2",
                "liaison",
                "manager",
            ]
        )
    }
    if len(staff) < 6:
        return
    categories = _seeded_categories(Category)
    for code in ("disability", "orphan", "widow", "prisoner_family"):
        if code in categories:
            LiaisonAssignment.objects.get_or_create(
                category=categories[code], field_of_work="", defaults={"officer": staff["liaison"]}
            )
    branches = {branch.name: branch for branch in Branch.objects.all()}
    serial = 0
    for family, city, district, housing, rent, incomes, obligations, members in DEMO_HOUSEHOLDS:
        serial += 1
        mobile = _mobile(serial, 4_410_000)
        branch = branches[BRANCH_OF_CITY[city]]
        officer = staff["reception2"] if branch.name == "فرع الشواق" else staff["reception"]
        researcher = staff["researcher2"] if branch.name == "فرع الشواق" else staff["researcher"]
        household = None
        for first, father, grandfather, sex, relationship, year, cats, kind in members:
            serial += 1
            surname = family if relationship != "spouse" else _spouse_family(serial)
            fields = _demo_person(
                serial,
                first,
                father,
                grandfather,
                surname,
                sex,
                year,
                city,
                kind,
                mobile
                if relationship in ("head", "spouse") or year > 2005
                else _mobile(serial, 7_120_000),
                branch,
                researcher=researcher,
            )
            fields["district"] = district
            fields["marital_status"] = _marital(relationship, cats, year)
            person = registry.register_beneficiary(
                actor=officer,
                categories=[(categories[c], detail) for c, detail in cats if c in categories],
                reason=DEMO_REASON,
                **fields,
            )
            if household is None:
                household = registry.create_household(
                    person, actor=officer, housing=housing, rent_amount=rent
                )
            else:
                registry.add_member(household, person, relationship=relationship, actor=officer)
            if serial % 4 == 0:
                registry.change_status(
                    person, to="active", reason="اكتمل البحث الاجتماعي", actor=staff["manager"]
                )
        registry.set_incomes(household, incomes, actor=officer)
        registry.set_obligations(household, obligations, actor=officer)
    for first, father, grandfather, family, sex, year, city, cats, kind in DEMO_SINGLES:
        serial += 1
        branch = branches[BRANCH_OF_CITY[city]]
        officer = staff["reception2"] if branch.name == "فرع الشواق" else staff["reception"]
        fields = _demo_person(
            serial,
            first,
            father,
            grandfather,
            family,
            sex,
            year,
            city,
            kind,
            _mobile(serial, 8_230_000),
            branch,
            researcher=staff["researcher"] if serial % 2 else None,
        )
        fields["marital_status"] = _marital("head", cats, year)
        person = registry.register_beneficiary(
            actor=officer,
            categories=[(categories[c], detail) for c, detail in cats if c in categories],
            reason=DEMO_REASON,
            **fields,
        )
        if serial % 3 == 0:
            registry.change_status(
                person, to="active", reason="اكتمل البحث الاجتماعي", actor=staff["manager"]
            )


def _registry_activity() -> None:
    """Documents, consents, a planted duplicate, a data-subject request, outbox messages."""
    from silah.demo.registry_activity import load_registry_activity

    staff = {
        user.username: user
        for user in User.objects.filter(username__in=["reception", "reception2", "manager"])
    }
    if len(staff) == 3:
        load_registry_activity(staff)


def _applications_activity() -> None:
    """Requests in every state, the research committee and its meetings, a referral."""
    from silah.demo.applications_activity import load_applications_activity

    load_applications_activity({user.username: user for user in User.objects.all()})


def _names(branch: str | tuple[str, ...]) -> tuple[str, ...]:
    return (branch,) if isinstance(branch, str) else branch


def _seeded_categories(category_model: type) -> dict:
    """The common categories (migration 0002 seeds them; created again if they were removed)."""
    from importlib import import_module

    seeded = import_module("silah.registry.migrations.0002_seed_categories").CATEGORIES
    categories = {}
    for code, name, name_en, sensitive, has_type, order in seeded:
        categories[code] = category_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "sensitive": sensitive,
                "has_type": has_type,
                "order": order,
            },
        )[0]
    return categories


def _channel(serial: int) -> str:
    from silah.registry.validation import enabled_contact_channels

    usable = [code for code in enabled_contact_channels() if code != "email"] or ["sms"]
    return usable[serial % len(usable)]


def _mobile(serial: int, base: int) -> str:
    """A Saudi mobile (05X with X one of the operators' digits), different for each serial."""
    operator = "0345689"[serial % 7]
    return f"05{operator}{(base + serial * 1237) % 10_000_000:07d}"


def _spouse_family(serial: int) -> str:
    return ["الغامدي", "السلمي", "الحازمي", "الجحدلي"][serial % 4]


def _marital(relationship: str, categories: list, year: int) -> str:
    codes = {code for code, _detail in categories}
    if "widow" in codes:
        return "widowed"
    if "divorcee" in codes:
        return "divorced"
    if relationship in ("head", "spouse") and year < 1990:
        return "married"
    return "single" if year < 2008 else ""
