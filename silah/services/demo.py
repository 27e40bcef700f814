"""The demo association's service catalogue: financial aid, a monthly food basket, a computer
course with its fee announced, sessions and participants, a health service, and counselling.

`ensure_demo_catalogue(organization)` is idempotent: a service whose code exists is left as
it is (an administrator may have edited it), and the programme's participants and attendance
are added only to a programme that has none. Everything goes through the same services the
screens use, so the history says who and why.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from silah.core import dates

if TYPE_CHECKING:
    from silah.accounts.models import User
    from silah.policy.models import Organization

HEADQUARTERS = "المقر الرئيسي بالليث"

# Document types a catalogue needs beyond the registry's common ones (code, Arabic name,
# English name, has an expiry date, sensitive, order).
EXTRA_DOCUMENT_TYPES = [
    ("dependency_deed", "صك الإعالة", "Dependency deed", False, False, 25),
    ("family_card", "سجل الأسرة", "Family register", False, False, 15),
]

# Requirement: (kind, label, document type code or "", help text, mandatory)
CATALOGUE: list[dict[str, Any]] = [
    {
        "code": "financial-aid",
        "name": "المساعدة المالية",
        "name_en": "Financial aid",
        "kind": "financial",
        "description": (
            "مساعدة مالية للأسر المسجلة لدى الجمعية التي لا يكفي دخلها لحاجاتها الأساسية، "
            "تُصرف بعد دراسة الباحث الاجتماعي لحالة الأسرة وقرار اللجنة."
        ),
        "needs_research": True,
        "conditions": [{"type": "income_per_capita_at_most", "params": {"amount": 1500}}],
        "order": 10,
        "requirements": [
            ("document", "صورة الهوية الوطنية", "id_copy", "لرب الأسرة، سارية المفعول.", True),
            ("document", "صك الإعالة", "dependency_deed", "لمن يعول أفرادًا غير أبنائه.", False),
            ("document", "تعريف بالراتب", "income_proof", "أو ما يثبت الدخل الشهري.", True),
            ("document", "عقد الإيجار", "lease", "للأسر المستأجرة، عقد موثق في إيجار.", False),
            ("item", "رقم الآيبان باسم المستفيد", "", "رقم الحساب البنكي الدولي.", True),
            ("attestation", "", "", "", True),
        ],
    },
    {
        "code": "food-basket",
        "name": "السلة الغذائية الشهرية",
        "name_en": "Monthly food basket",
        "kind": "in_kind",
        "description": "سلة من المواد الغذائية الأساسية تُسلَّم للأسرة كل شهر من مستودع الجمعية.",
        "needs_research": False,
        "deciding_body": "management",
        "deadline_unit": "working",
        "deadline_length": 5,
        "deadline_counts_from": "complete",
        "order": 20,
        "requirements": [
            ("document", "صورة الهوية الوطنية", "id_copy", "", True),
            ("document", "سجل الأسرة", "family_card", "أو كشف بأفراد الأسرة.", True),
            ("attestation", "", "", "", True),
        ],
    },
    {
        "code": "computer-training",
        "name": "التدريب على الحاسب الآلي",
        "name_en": "Computer skills training",
        "kind": "training",
        "description": (
            "دورات تدريبية في مهارات الحاسب الآلي تؤهل المستفيدين من ذوي الإعاقة لسوق العمل، "
            "بقاعات مهيأة ومدربين معتمدين."
        ),
        "needs_research": False,
        "deciding_body": "management",
        "order": 30,
        "requirements": [
            ("document", "صورة الهوية الوطنية", "id_copy", "", True),
            ("item", "صورة شخصية حديثة", "", "", True),
            ("document", "بطاقة إثبات الإعاقة", "disability_card", "", False),
            ("attestation", "", "", "", True),
        ],
    },
    {
        "code": "health-care",
        "name": "الخدمات الصحية والعلاج الطبيعي",
        "name_en": "Health care and physiotherapy",
        "kind": "health",
        "description": (
            "جلسات علاج طبيعي وتأهيل، والمساعدة في الأجهزة التعويضية والأدوية بالتنسيق مع "
            "المستشفيات الحكومية."
        ),
        "needs_research": True,
        "deciding_body": "competent_committee",
        "order": 40,
        "branches": [HEADQUARTERS],
        "requirements": [
            ("document", "صورة الهوية الوطنية", "id_copy", "", True),
            ("document", "تقرير طبي حديث", "medical_report", "لا يزيد عمره على ستة أشهر.", True),
            ("document", "بطاقة إثبات الإعاقة", "disability_card", "", True),
            ("attestation", "", "", "", True),
        ],
    },
    {
        "code": "counselling",
        "name": "الاستشارات الأسرية والنفسية",
        "name_en": "Family and psychological counselling",
        "kind": "counselling",
        "description": "جلسات استشارية سرية مع مختصين للمستفيد وأسرته، حضوريًا أو بالهاتف.",
        "needs_research": False,
        "deciding_body": "management",
        "deadline_unit": "working",
        "deadline_length": 3,
        "deadline_counts_from": "received",
        "order": 50,
        "requirements": [
            ("item", "موعد مسبق بالاتصال بالجمعية", "", "", True),
            ("attestation", "", "", "", True),
        ],
    },
]

PROGRAMME = {
    "name": "دورة مهارات الحاسب الآلي للمبتدئين",
    "description": "ثماني جلسات أسبوعية: أساسيات الحاسب، معالجة النصوص، الجداول، والبريد.",
    "capacity": 15,
    "fee_amount": "150",
    "interview_required": True,
    "rules": (
        "الحضور قبل بدء الجلسة بعشر دقائق.\n"
        "الغياب بعذر يُبلَّغ به منسق البرنامج قبل الجلسة.\n"
        "تُمنح الشهادة لمن لا تقل نسبة حضوره عن 75%."
    ),
    "min_attendance_percent": 75,
}
TOPICS = [
    "التعرف على الحاسب ونظام التشغيل",
    "إدارة الملفات والمجلدات",
    "معالجة النصوص: الأساسيات",
    "معالجة النصوص: التنسيق والطباعة",
    "الجداول الإلكترونية",
    "العروض التقديمية",
    "البريد الإلكتروني والتصفح الآمن",
    "الخدمات الحكومية الإلكترونية",
]


def _actor() -> User | None:
    from silah.accounts.models import User

    for username in ("manager", "admin"):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is not None and user.has_perm("services.manage_catalogue"):
            return user
    return None


def _document_types() -> dict[str, Any]:
    from importlib import import_module

    from silah.registry.models import DocumentType

    seeded = import_module("silah.registry.migrations.0003_consent_documents_attestation")
    types = {}
    for code, name, name_en, expires, sensitive, order in [
        *seeded.DOCUMENT_TYPES,
        *EXTRA_DOCUMENT_TYPES,
    ]:
        types[code] = DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "expires": expires,
                "sensitive": sensitive,
                "order": order,
            },
        )[0]
    return types


def ensure_demo_catalogue(organization: Organization | None) -> None:
    """The demo catalogue, created where missing."""
    from silah.accounts.models import Branch
    from silah.services import services
    from silah.services.models import Service

    actor = _actor()
    if organization is None or actor is None:
        return
    types = _document_types()
    for entry in CATALOGUE:
        if Service.objects.filter(code=entry["code"]).exists():
            continue
        fields = {
            key: value for key, value in entry.items() if key not in ("requirements", "branches")
        }
        services.create_service(
            actor=actor,
            requirements=[
                {
                    "kind": kind,
                    "label": label,
                    "document_type": types[code] if code else None,
                    "help_text": help_text,
                    "is_mandatory": mandatory,
                }
                for kind, label, code, help_text, mandatory in entry["requirements"]
            ],
            branches=Branch.objects.filter(name__in=entry.get("branches", [])),
            **fields,
        )
    _programme(actor)


def _programme(actor: User) -> None:
    """The computer course: started a week ago, fee announced a month ago, weekly sessions;
    three participants (two after passing the interview), the first session's attendance,
    and one more waiting for the interview."""
    from silah.accounts.models import Branch
    from silah.registry.models import Beneficiary
    from silah.services import programmes
    from silah.services.models import Service

    service = Service.objects.filter(code="computer-training").first()
    if service is None or service.programmes.exists():
        return
    today = dates.today()
    starts_on = today - dt.timedelta(days=7)
    programme = programmes.create_programme(
        service,
        actor=actor,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=7 * (len(TOPICS) - 1)),
        fees_announced_on=today - dt.timedelta(days=30),
        branch=Branch.objects.filter(name=HEADQUARTERS).first(),
        **PROGRAMME,
    )
    sessions = [
        programmes.add_session(
            programme,
            actor=actor,
            date=starts_on + dt.timedelta(days=7 * week),
            starts_at=dt.time(17, 0),
            ends_at=dt.time(19, 0),
            topic=topic,
            place="قاعة التدريب بالمقر الرئيسي",
        )
        for week, topic in enumerate(TOPICS)
    ]
    people = list(
        Beneficiary.objects.live().filter(birth_date__year__range=(1985, 2006)).order_by("pk")[:4]
    )
    if len(people) < 4:
        return
    registered_on = starts_on - dt.timedelta(days=10)
    enrolled = []
    for person in people[:3]:
        registration = programmes.register(programme, person, actor=actor, on=registered_on)
        programmes.record_interview(
            registration,
            actor=actor,
            passed=True,
            note="مناسب لمستوى الدورة",
            on=registered_on + dt.timedelta(days=2),
        )
        enrolled.append(
            programmes.enroll(
                programme, person, actor=actor, on=registered_on + dt.timedelta(days=3)
            )
        )
    programmes.register(programme, people[3], actor=actor, on=today)
    marks = {enrolled[0].pk: "present", enrolled[1].pk: "present", enrolled[2].pk: "absent"}
    programmes.record_attendance(sessions[0], marks, actor=actor)
