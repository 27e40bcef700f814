"""The demo's requests from intake to delivery (issue 7), on top of its catalogue.

Sixteen requests of the demo's beneficiaries, over every service and every state, as the
association's last five weeks left them:

- received today with the IBAN missing, returned for completion (a food basket whose family
  register could not be read, with an open referral to the section the policy names), complete
  and waiting to be routed;
- in social research with a visit planned, and one whose visit the beneficiary postponed (its
  clock stands still);
- in review: one on the agenda of the research committee's next meeting;
- the committee's meeting 1 held two weeks ago with quorum, votes, decisions — two approved,
  one rejected with the reason the beneficiary is told — and its minutes closed and approved
  by two of the three members present;
- approved and waiting for the month's disbursement, in delivery with a date and place;
- delivered with a receipt: a cash amount (a signed slip), a food basket with quantities
  (signed on screen), a place in the demo's computer course (the participant's enrolment),
  a counselling session; closed; withdrawn;
- a food basket late for the manager's decision and one at risk, so that the manager's
  late and at-risk queues show one each.

Only the public writes are used: `applications.workflow` (every state change),
`applications.services.refer`, the committees' services, and the registry's documents and
attestation — never a state set by hand — so each history line, clock, agenda, vote,
minutes and message is the one the screens would have written.

Dates. The workflow records "today" (receipt, completeness, decisions, history); it takes a
date only where a person states one (a visit, a postponement, a delivery, a meeting). So that
the demo shows requests received weeks ago — and a late one — the story is replayed in day
order with Django's clock (`django.utils.timezone.now`, which `silah.core.dates.today` and
every stored timestamp read) set to 09:00 in Riyadh on each past day and moving on a second
at each reading; today's steps run on the real clock. A day is a number of calendar days
before today moved forward to the association's next working day (`core.workdays`, never
past today), so the story keeps its order and nobody works on a Friday. The late and at-risk
food baskets are placed in working days from their five-working-day deadline, so they are
late and at risk whatever day the demo is loaded.

Other presets (`SILAH_DEMO_PRESET`): the committee is of the kind the policy's deciding body
names (research or competent); where the policy decides by management or an external
authority the manager records the decisions instead of a meeting; no referral when the
policy names no one to refer to; nothing at all without a policy in force.

Idempotent: the committee is created when there is no committee of its kind; the requests
(with the meetings, minutes and referral) once, when there is no request at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from unittest import mock

from django.utils import timezone

from silah.core import dates

if TYPE_CHECKING:
    from silah.accounts.models import User
    from silah.applications.models import Application
    from silah.committees.models import Committee, Meeting
    from silah.registry.models import Beneficiary
    from silah.services.models import Service

COMMITTEE_NAMES = {
    "research": "لجنة البحث الاجتماعي",
    "competent": "اللجنة المختصة بدراسة الطلبات",
}
QUORUM = 3
# The committee's seats among the demo staff (loader.STAFF): username, role.
SEATS = [
    ("committee", "chair"),
    ("committee2", "secretary"),
    ("committee3", "member"),
    ("committee4", "member"),
]
ABSENT_AT_FIRST_MEETING = "committee4"
# Who the story needs: the manager assigns and decides, the researcher visits.
REQUIRED_STAFF = ("manager", "researcher")
MEETING_PLACE = "قاعة الاجتماعات بالمقر الرئيسي"
HEADQUARTERS_PLACE = "مقر الجمعية بالليث"
WAREHOUSE = "مستودع الجمعية بالليث"
DOCUMENT_NOTE = "أُرفق عند استقبال الطلب"

FOOD_BASKET = [
    ("أرز", 10, "كيلوغرام"),
    ("سكر", 5, "كيلوغرام"),
    ("دقيق", 5, "كيلوغرام"),
    ("زيت نباتي", 2, "لتر"),
    ("حليب مجفف", 1, "علبة"),
    ("تمر", 3, "كيلوغرام"),
    ("معلبات متنوعة", 12, "علبة"),
]

# The people of the story: (first name, family name) of the demo's beneficiaries.
PEOPLE = {
    "received_today": ("نوال", "الشهري"),
    "returned": ("حليمة", "هوساوي"),
    "complete": ("سالم", "الحربي"),
    "visit_planned": ("أحمد", "العمري"),
    "visit_postponed": ("نورة", "الغامدي"),
    "next_meeting": ("مريم", "الزهراني"),
    "approved_paid": ("عائشة", "القرني"),
    "rejected": ("محمد", "البلادي"),
    "approved_waiting": ("خديجة", "المالكي"),
    "basket_delivered": ("عبدالرحمن", "الجهني"),
    "basket_in_delivery": ("فاطمة", "الحازمي"),
    "basket_late": ("راشد", "الرشيدي"),
    "basket_at_risk": ("سعيد", "القحطاني"),
    "counselling_closed": ("ماجد", "الثبيتي"),
    "counselling_withdrawn": ("أمل", "الفيفي"),
}

REJECTION_REASON = (
    "بعد دراسة حالة الأسرة تبيّن أن دخلها الشهري من الضمان الاجتماعي وحساب المواطن يغطي "
    "احتياجاتها الأساسية وفق معايير الجمعية للمساعدة المالية، ويسعدنا أن تتقدموا بطلب جديد "
    "إذا تغيّرت ظروف الأسرة."
)


# -- the replay clock --------------------------------------------------------------------------


class Replay:
    """Steps added with `at(day, step)` and run in day order (then in the order added), each
    with Django's clock on its day."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.steps: list[tuple[dt.date, int, Callable[[], Any]]] = []
        self._moment: dt.datetime | None = None

    def at(self, day: dt.date, step: Callable[[], Any]) -> None:
        self.steps.append((min(day, self.today), len(self.steps), step))

    def run(self) -> None:
        for day, _order, step in sorted(self.steps, key=lambda entry: entry[:2]):
            with self.clock(day):
                step()

    @contextmanager
    def clock(self, day: dt.date) -> Iterator[None]:
        """`timezone.now()` on `day` from 09:00 in Riyadh, a second later at each reading (the
        real clock for today)."""
        if day >= self.today:
            yield
            return
        opening = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dates.RIYADH)
        if self._moment is None or self._moment < opening:
            self._moment = opening

        def now() -> dt.datetime:
            self._moment += dt.timedelta(seconds=1)
            return self._moment.astimezone(dt.UTC)

        with mock.patch.object(timezone, "now", now):
            yield


# -- the story ---------------------------------------------------------------------------------


@dataclass
class Story:
    """One request: who asks for what at which counter, and the request once received."""

    person: Beneficiary
    service: Service
    officer: User
    application: Application | None = None

    @property
    def version(self) -> int:
        """The request's `row_version`, which every verb's stale-form guard expects."""
        if self.application is None:
            raise RuntimeError("the request is not received yet")
        return self.application.row_version


@dataclass
class Decided:
    """A request the committee's meeting 1 decides: "approved" or "rejected" (with the reason
    the beneficiary is told); `dissent` is a member's note voting against an approval."""

    story: Story
    outcome: str
    reason: str = ""
    dissent: str = ""


def _person(first: str, family: str) -> Beneficiary | None:
    from silah.registry.models import Beneficiary

    return (
        Beneficiary.objects.live()
        .filter(first_name=first, family_name=family)
        .order_by("pk")
        .first()
    )


def load_applications_activity(staff: dict[str, User]) -> None:
    """The committee, then the requests once; `staff` maps the demo usernames to users."""
    from silah.applications.models import Application
    from silah.policy.services import version_in_force

    version = version_in_force()
    if version is None:
        return
    activity = _Activity(staff, body=version.parsed_rules().decision.body)
    activity.ensure_committee()
    if Application.objects.exists() or any(name not in staff for name in REQUIRED_STAFF):
        return
    activity.plan()
    activity.replay.run()


class _Activity:
    """The story's steps, planned on a `Replay`; `body` is the policy's deciding body."""

    def __init__(self, staff: dict[str, User], *, body: str) -> None:
        from silah.committees.queries import BODY_KINDS

        self.staff = staff
        self.kind = BODY_KINDS.get(body)  # None: management or an external authority
        self.today = dates.today()
        self.replay = Replay(self.today)
        self.committee: Committee | None = None

    # -- days ----------------------------------------------------------------------------------

    def ago(self, days: int) -> dt.date:
        """`days` calendar days before today, moved forward to a working day (not past today)."""
        return self.working(self.today - dt.timedelta(days=days))

    def working(self, day: dt.date) -> dt.date:
        """`day`, or the next working day after it, but not past today."""
        from silah.core.workdays import is_working_day

        while day < self.today and not is_working_day(day):
            day += dt.timedelta(days=1)
        return min(day, self.today)

    def ahead(self, working_days: int) -> dt.date:
        from silah.core.workdays import add_working_days

        return add_working_days(self.today, working_days)

    # -- the committee -------------------------------------------------------------------------

    def ensure_committee(self) -> None:
        """The committee of the policy's deciding body (the research committee when the policy
        names none), its chair, secretary and members, quorum 3; created five weeks ago."""
        from silah.committees import services as committees
        from silah.committees.models import Committee, CommitteeKind

        kind = self.kind or CommitteeKind.RESEARCH
        existing = Committee.objects.filter(kind=kind).order_by("pk").first()
        if existing is not None:
            self.committee = existing
            return
        manager = self.staff.get("manager")
        seats = [(self.staff.get(username), role) for username, role in SEATS]
        if manager is None or any(user is None for user, _role in seats):
            return

        def create() -> None:
            committee = committees.create_committee(
                name=COMMITTEE_NAMES[kind], kind=kind, quorum=QUORUM, actor=manager
            )
            for user, role in seats:
                committees.add_member(committee, user, actor=manager, role=role)
            self.committee = committee

        with self.replay.clock(self.ago(35)):
            create()

    def _seat(self, role: str) -> User | None:
        from silah.committees.models import MemberRole

        if self.committee is None:
            return None
        member = (
            self.committee.members.filter(is_active=True, role=MemberRole(role))
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return member.user if member else None

    def _decides_in_meetings(self) -> bool:
        from silah.committees.queries import active_members

        return (
            self.kind is not None
            and self.committee is not None
            and self.committee.is_active
            and self._seat("chair") is not None
            and self._seat("secretary") is not None
            and active_members(self.committee).count() >= self.committee.quorum
        )

    # -- intake --------------------------------------------------------------------------------

    def story(self, key: str, service_code: str) -> Story | None:
        """The person of `key` asking for the service at their branch's counter, or None when
        the demo lacks them (an edited demo): that request is left out."""
        person = _person(*PEOPLE[key])
        return None if person is None else self.story_of(person, service_code)

    def story_of(self, person: Beneficiary, service_code: str) -> Story | None:
        from silah.services.models import Service

        service = Service.objects.filter(code=service_code, is_active=True).first()
        officer = self._officer_for(person)
        if service is None or officer is None:
            return None
        return Story(person=person, service=service, officer=officer)

    def _officer_for(self, person: Beneficiary) -> User | None:
        """The demo's relations officer who serves the person's branch."""
        for username in ("reception", "reception2"):
            user = self.staff.get(username)
            if user is not None and user.branches.filter(pk=person.branch_id).exists():
                return user
        return None

    def _channel(self, preferred: str) -> str:
        from silah.applications.workflow import channel_choices

        codes = [code for code, _label in channel_choices()]
        return preferred if preferred in codes else codes[0]

    def _documents(self, story: Story, *, extra: tuple[str, ...] = ()) -> None:
        """The service's mandatory documents (and `extra` types) on the person's file, uploaded
        on the day of intake where the file has no current one."""
        from silah.demo.registry_activity import pdf_bytes, png_bytes
        from silah.registry import documents
        from silah.services.models import Requirement

        wanted = [
            requirement.document_type
            for requirement in story.service.requirements.filter(
                kind=Requirement.Kind.DOCUMENT, document_type__isnull=False
            ).select_related("document_type")
            if requirement.is_mandatory or requirement.document_type.code in extra
        ]
        for document_type in wanted:
            if self._current_document(story.person, document_type) is not None:
                continue
            image = document_type.code in ("id_copy", "disability_card")
            upload = io.BytesIO(png_bytes() if image else pdf_bytes(document_type.name_en))
            upload.name = f"{document_type.code}.{'png' if image else 'pdf'}"
            documents.upload_document(
                story.person,
                actor=story.officer,
                document_type=document_type,
                upload=upload,
                expires_on=dates.today() + dt.timedelta(days=730)
                if document_type.expires
                else None,
                note=DOCUMENT_NOTE,
            )

    @staticmethod
    def _current_document(person: Beneficiary, document_type) -> Any:
        from django.db.models import Q

        from silah.registry.models import Document

        return (
            Document.objects.filter(
                beneficiary=person, document_type=document_type, state=Document.State.CURRENT
            )
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=dates.today()))
            .first()
        )

    def receive(
        self,
        story: Story,
        *,
        channel: str = "interview",
        missing: tuple[str, ...] = (),
        extra_documents: tuple[str, ...] = (),
        note: str = "",
    ) -> None:
        """The person brings their papers, attests their data and the officer records the
        request with every criterion present except the requirements labelled in `missing`."""
        from silah.applications import workflow
        from silah.registry import attestation
        from silah.services.models import Requirement

        self._documents(story, extra=extra_documents)
        if workflow.current_attestation(story.person) is None:
            attestation.attest_on_screen(
                story.person,
                actor=story.officer,
                typed_name=story.person.full_name,
                confirmed=True,
            )
        ticked = [
            requirement.pk
            for requirement in story.service.requirements.select_related("document_type")
            if requirement.label not in missing
            and (
                requirement.kind != Requirement.Kind.DOCUMENT
                or self._current_document(story.person, requirement.document_type) is not None
            )
        ]
        story.application = workflow.receive(
            beneficiary=story.person,
            service=story.service,
            actor=story.officer,
            channel=self._channel(channel),
            ticked=ticked,
            note=note,
        )

    # -- research ------------------------------------------------------------------------------

    def _researcher_for(self, story: Story) -> User | None:
        """The file's researcher (the demo's researcher when it has none)."""
        from silah.accounts.roles import RoleCode, role_codes

        researcher = story.person.assigned_researcher or self.staff.get("researcher")
        if researcher is None or RoleCode.SOCIAL_RESEARCHER not in role_codes(researcher):
            return self.staff.get("researcher")
        return researcher

    def to_research(self, story: Story, *, planned_on: dt.date) -> None:
        from silah.applications import workflow

        story.application = workflow.send_to_research(
            story.application,
            actor=self.staff["manager"],
            expected_version=story.version,
            researcher=self._researcher_for(story),
            planned_on=planned_on,
            place="home",
        )

    def visit(self, story: Story, *, submit: bool = True, **findings: Any) -> None:
        from silah.applications import workflow

        researcher = story.application.researcher
        story.application = workflow.record_visit(
            story.application,
            actor=researcher,
            expected_version=story.version,
            visited_on=dates.today(),
            place="home",
            **findings,
        )
        if submit:
            story.application = workflow.submit_research(
                story.application, actor=researcher, expected_version=story.version
            )

    # -- decision and delivery -----------------------------------------------------------------

    def to_review(self, story: Story) -> None:
        from silah.applications import workflow

        story.application = workflow.send_to_review(
            story.application, actor=story.officer, expected_version=story.version
        )

    def management_decision(self, story: Story, *, outcome: str = "approve", reason: str = ""):
        """The manager's decision (or the external authority's letter, recorded by them)."""
        from silah.applications import workflow

        external = story.application.deciding_body == "external_authority"
        story.application = workflow.record_decision(
            story.application,
            actor=self.staff["manager"],
            expected_version=story.version,
            outcome=outcome,
            reason=reason,
            external_reference="4471/ص" if external else "",
            external_date=dates.today() if external else None,
        )

    def start_delivery(self, story: Story, *, on: dt.date, place: str) -> None:
        from silah.applications import workflow

        story.application = workflow.start_delivery(
            story.application,
            actor=story.officer,
            expected_version=story.version,
            on=max(on, dates.today()),
            place=place,
        )

    def deliver(self, story: Story, **what: Any) -> None:
        """Delivered today with the beneficiary's receipt: their name typed and confirmed on
        screen, unless a signed slip is given."""
        from silah.applications import workflow

        if "receipt_document" in what:
            what.setdefault("receipt", "slip")
        else:
            what.setdefault("receipt", "signature")
            what.setdefault("receipt_name", story.person.full_name)
            what.setdefault("receipt_confirmed", True)
        workflow.record_delivery(
            story.application, actor=story.officer, expected_version=story.version, **what
        )
        story.application.refresh_from_db()

    def close(self, story: Story, *, note: str = "") -> None:
        from silah.applications import workflow

        story.application = workflow.close(
            story.application, actor=story.officer, expected_version=story.version, note=note
        )

    # -- the plan ------------------------------------------------------------------------------

    def plan(self) -> None:
        at, ago = self.replay.at, self.ago
        meeting_decisions: list[Decided] = []

        # Financial aid decided at the committee's meeting 1, two weeks ago.
        paid = self.story("approved_paid", "financial-aid")
        if paid:
            at(ago(26), lambda: self.receive(paid, extra_documents=("lease",)))
            at(ago(25), lambda: self.to_research(paid, planned_on=ago(22)))
            at(
                ago(22),
                lambda: self.visit(
                    paid,
                    findings=(
                        "أم مطلقة تعول ابنًا وابنة، تسكن شقة مستأجرة من غرفتين بحالة متوسطة. "
                        "الابنة مريضة وتحتاج متابعة دورية في مستشفى القنفذة العام."
                    ),
                    housing="rented",
                    housing_condition="شقة من غرفتين، بحالة متوسطة",
                    members_count=3,
                    income_notes="راتب 3,200 ريال وقسط قرض 1,100 ريال شهريًا",
                    needs="مساعدة مالية لسداد الإيجار وتكاليف علاج الابنة",
                    recommendation="approve",
                ),
            )
            meeting_decisions.append(Decided(paid, "approved"))
        rejected = self.story("rejected", "financial-aid")
        if rejected:
            at(ago(24), lambda: self.receive(rejected, channel="phone"))
            at(ago(23), lambda: self.to_research(rejected, planned_on=ago(20)))
            at(
                ago(20),
                lambda: self.visit(
                    rejected,
                    findings=(
                        "أسرة من أربعة أفراد في منزل ملك بحالة جيدة؛ الابن الأكبر من ذوي "
                        "الإعاقة (توحد) ويتلقى خدمات مركز التأهيل الحكومي."
                    ),
                    housing="owned",
                    housing_condition="منزل شعبي ملك بحالة جيدة",
                    members_count=4,
                    income_notes="ضمان اجتماعي 2,100 ريال وحساب المواطن 650 ريالًا، بلا التزامات",
                    needs="لا احتياج ماليًا عاجلًا؛ تحتاج الأسرة برامج تأهيل للابن",
                    recommendation="reject",
                    recommendation_note="الدخل يغطي الاحتياجات الأساسية ولا التزامات على الأسرة",
                ),
            )
            meeting_decisions.append(Decided(rejected, "rejected", reason=REJECTION_REASON))
        waiting = self.story("approved_waiting", "financial-aid")
        if waiting:
            at(ago(22), lambda: self.receive(waiting, extra_documents=("lease",)))
            at(ago(21), lambda: self.to_research(waiting, planned_on=ago(18)))
            at(
                ago(18),
                lambda: self.visit(
                    waiting,
                    findings=(
                        "أرملة مريضة تعول ابنًا وابنة يتيمين، في شقة مستأجرة تحتاج صيانة، "
                        "ومتأخرة في سداد قسط الإيجار الأخير."
                    ),
                    housing="rented",
                    housing_condition="شقة مستأجرة تحتاج صيانة",
                    members_count=3,
                    income_notes="ضمان اجتماعي 2,300 ريال، ودين 500 ريال شهريًا",
                    needs="مساعدة مالية شهرية لمدة ستة أشهر",
                    recommendation="approve",
                ),
            )
            meeting_decisions.append(
                Decided(
                    waiting,
                    "approved",
                    dissent="أرى تأجيل الصرف حتى تُرفق الأسرة عقد إيجار موثقًا في منصة إيجار",
                )
            )
        self._first_meeting(meeting_decisions)
        if paid:
            at(ago(13), lambda: self.start_delivery(paid, on=ago(11), place=HEADQUARTERS_PLACE))
            at(ago(11), lambda: self._deliver_cash(paid))
            at(ago(10), lambda: self.close(paid, note="صُرفت المساعدة واستُلم السند الموقّع"))

        # In review, on the agenda of the committee's next meeting.
        next_meeting = self.story("next_meeting", "financial-aid")
        if next_meeting:
            at(ago(10), lambda: self.receive(next_meeting))
            at(ago(9), lambda: self.to_research(next_meeting, planned_on=ago(6)))
            at(
                ago(6),
                lambda: self.visit(
                    next_meeting,
                    findings=(
                        "أرملة تعول ثلاثة أيتام أحدهم من ذوي الإعاقة الحركية، في شقة "
                        "مستأجرة بالدور الثاني دون مصعد."
                    ),
                    housing="rented",
                    housing_condition="شقة بالدور الثاني بلا مصعد",
                    members_count=4,
                    income_notes="ضمان اجتماعي 2,400 ريال وحساب المواطن 900 ريال، وقسط 600 ريال",
                    needs="مساعدة مالية، والنظر في سكن بالدور الأرضي",
                    recommendation="approve",
                ),
            )
            self._next_meeting(next_meeting)

        # In research: a visit planned in two working days, and one the beneficiary postponed.
        planned = self.story("visit_planned", "financial-aid")
        if planned:
            at(ago(5), lambda: self.receive(planned))
            at(ago(4), lambda: self.to_research(planned, planned_on=self.ahead(2)))
        postponed = self.story("visit_postponed", "health-care")
        if postponed:
            at(ago(8), lambda: self.receive(postponed))
            at(ago(7), lambda: self.to_research(postponed, planned_on=ago(3)))
            at(ago(3), lambda: self._postpone(postponed))

        # Complete, waiting to be sent to research; received today with the IBAN missing.
        complete = self.story("complete", "financial-aid")
        if complete:
            at(ago(1), lambda: self.receive(complete, channel="phone"))
        today = self.story("received_today", "financial-aid")
        if today:
            at(
                self.today,
                lambda: self.receive(
                    today,
                    missing=("رقم الآيبان باسم المستفيد",),
                    note="ستحضر شهادة الآيبان من البنك",
                ),
            )

        # Food baskets: delivered, in delivery, returned (with a referral), late, at risk.
        basket = self.story("basket_delivered", "food-basket")
        if basket:
            at(ago(18), lambda: (self.receive(basket), self.to_review(basket)))
            at(ago(17), lambda: self.management_decision(basket))
            at(ago(17), lambda: self.start_delivery(basket, on=ago(15), place=WAREHOUSE))
            at(ago(15), lambda: self.deliver(basket, kind="in_kind", items=FOOD_BASKET))
        on_its_way = self.story("basket_in_delivery", "food-basket")
        if on_its_way:
            at(ago(4), lambda: (self.receive(on_its_way), self.to_review(on_its_way)))
            at(ago(3), lambda: self.management_decision(on_its_way))
            at(
                ago(2),
                lambda: self.start_delivery(
                    on_its_way, on=self.ahead(1), place="فرع الجمعية بالشواق"
                ),
            )
        returned = self.story("returned", "food-basket")
        if returned:
            at(ago(6), lambda: self.receive(returned))
            at(ago(5), lambda: self._return_and_refer(returned))
        self._late_and_at_risk()

        # A place in the computer course, counselling delivered and closed, one withdrawn.
        self._programme_place()
        session = self.story("counselling_closed", "counselling")
        if session:
            at(ago(9), lambda: (self.receive(session, channel="phone"), self.to_review(session)))
            at(ago(9), lambda: self.management_decision(session))
            at(
                ago(9),
                lambda: self.start_delivery(
                    session, on=ago(7), place="مكتب الإرشاد الأسري بالمقر الرئيسي"
                ),
            )
            at(
                ago(7),
                lambda: (
                    self.deliver(
                        session,
                        kind="session",
                        description="جلسة إرشاد أسري مع الأخصائية الاجتماعية (ساعة واحدة)",
                    ),
                    self.close(session, note="أفاد المستفيد بتحسن الوضع ولا حاجة لجلسة أخرى"),
                ),
            )
        withdrawn = self.story("counselling_withdrawn", "counselling")
        if withdrawn:
            at(ago(3), lambda: self.receive(withdrawn, channel="website"))
            at(ago(2), lambda: self._withdraw(withdrawn))

    # -- the committee's meetings --------------------------------------------------------------

    def _first_meeting(self, decisions: list[Decided]) -> None:
        """Meeting 1: scheduled a week ahead, the agenda built from what waits, held with
        three of the four members (quorum 3), votes, a decision per request, minutes closed
        and approved by the chair that day and the secretary the next."""
        at, ago = self.replay.at, self.ago
        if not decisions:
            return
        if not self._decides_in_meetings():
            for decided in decisions:
                at(
                    ago(14),
                    lambda decided=decided: self.management_decision(
                        decided.story,
                        outcome="approve" if decided.outcome == "approved" else "reject",
                        reason=decided.reason,
                    ),
                )
            return
        from silah.committees import services as committees

        chair, secretary = self._seat("chair"), self._seat("secretary")
        held_on = ago(14)
        meeting: dict[str, Meeting] = {}

        def schedule() -> None:
            meeting["it"] = committees.schedule_meeting(
                self.committee, held_on=held_on, actor=secretary, place=MEETING_PLACE
            )

        def agenda() -> None:
            committees.build_agenda(meeting["it"], actor=secretary)

        def hold() -> None:
            from silah.committees.queries import active_members

            held = committees.hold_meeting(meeting["it"], actor=secretary)
            absent = self.staff.get(ABSENT_AT_FIRST_MEETING)
            present = [
                member.user
                for member in active_members(self.committee).order_by("pk")
                if absent is None or member.user_id != absent.pk
            ]
            committees.record_attendance(held, present=present, actor=secretary)
            by_request = {decided.story.application.pk: decided for decided in decisions}
            for item in held.items.order_by("order"):
                decided = by_request.get(item.object_id)
                if decided is None:  # not one of the story's: left for the next meeting
                    committees.decide_item(
                        item, outcome="deferred", reason="لضيق الوقت", actor=chair
                    )
                    continue
                self._votes(item, present, decided, secretary)
                committees.decide_item(
                    item, outcome=decided.outcome, reason=decided.reason, actor=chair
                )
                decided.story.application.refresh_from_db()
            committees.close_meeting(held, actor=secretary)
            committees.approve_minutes(held, member=chair)

        def approve_later() -> None:
            committees.approve_minutes(meeting["it"], member=secretary)

        at(ago(20), schedule)
        at(ago(15), agenda)
        at(held_on, hold)
        at(ago(13), approve_later)

    @staticmethod
    def _votes(item, present: list[User], decided: Decided, secretary: User) -> None:
        """The secretary records the votes: everyone present for the decision, except the last
        member, who abstains on a rejection and votes against a dissented approval (with
        their note)."""
        from silah.committees import services as committees

        choice = "approve" if decided.outcome == "approved" else "reject"
        *others, last = present
        committees.record_votes(item, choices=dict.fromkeys(others, choice), actor=secretary)
        if decided.outcome == "rejected":
            committees.cast_vote(item, member=last, choice="abstain", actor=secretary)
        elif decided.dissent:
            committees.cast_vote(
                item, member=last, choice="reject", note=decided.dissent, actor=secretary
            )
        else:
            committees.cast_vote(item, member=last, choice=choice, actor=secretary)

    def _next_meeting(self, story: Story) -> None:
        """Meeting 2 planned two working days ahead with the request on its agenda, then
        moved a day later (its history shows the first date)."""
        if not self._decides_in_meetings():
            return
        from silah.committees import services as committees
        from silah.core.errors import DomainError

        secretary = self._seat("secretary")
        planned: dict = {}

        def schedule() -> None:
            planned["meeting"] = committees.schedule_meeting(
                self.committee, held_on=self.ahead(2), actor=secretary, place=MEETING_PLACE
            )
            committees.build_agenda(planned["meeting"], actor=secretary)

        def move() -> None:
            # refused only if a new Hijri year starts in between: then it keeps its date
            with contextlib.suppress(DomainError):
                committees.reschedule_meeting(
                    planned["meeting"], held_on=self.ahead(3), actor=self._seat("chair")
                )

        self.replay.at(self.ago(4), schedule)
        self.replay.at(self.ago(1), move)

    # -- the other steps -----------------------------------------------------------------------

    def _postpone(self, story: Story) -> None:
        from silah.applications import workflow

        story.application = workflow.postpone_visit(
            story.application,
            actor=story.application.researcher,
            expected_version=story.version,
            reason="المستفيدة منوّمة في المستشفى وطلبت تأجيل الزيارة حتى خروجها",
            on=dates.today(),
        )

    def _return_and_refer(self, story: Story) -> None:
        from silah.applications import services, workflow

        item = story.application.checklist.filter(document_type__code="family_card").first()
        story.application = workflow.return_for_completion(
            story.application,
            actor=story.officer,
            expected_version=story.version,
            missing=[item.pk] if item else [],
            note="صورة سجل الأسرة غير مقروءة: تُحضر نسخة واضحة أو الأصل",
        )
        kind, _name = services.referral_target()
        if kind != "none":
            services.refer(
                story.person,
                actor=story.officer,
                application=story.application,
                note=(
                    "لم يتضح للمستفيدة سبب إعادة طلبها ولا المقصود بكشف أفراد الأسرة، "
                    "وطلبت من يشرح لها ما المطلوب"
                ),
            )

    def _withdraw(self, story: Story) -> None:
        from silah.applications import workflow

        story.application = workflow.withdraw(
            story.application,
            actor=story.officer,
            expected_version=story.version,
            reason="اتصلت المستفيدة وأفادت بأنها لم تعد بحاجة إلى الاستشارة",
        )

    def _deliver_cash(self, story: Story) -> None:
        """1,500 riyals, the beneficiary's signed slip uploaded to her file."""
        from silah.demo.registry_activity import pdf_bytes, seeded_document_types
        from silah.registry import documents
        from silah.registry.models import DocumentType

        upload = io.BytesIO(pdf_bytes("Signed receipt"))
        upload.name = "receipt.pdf"
        slip = documents.upload_document(
            story.person,
            actor=story.officer,
            document_type=seeded_document_types(DocumentType)["other"],
            upload=upload,
            note="سند صرف المساعدة المالية موقّع من المستفيدة",
        )
        self.deliver(story, kind="cash", amount=Decimal("1500"), receipt_document=slip)

    def _late_and_at_risk(self) -> None:
        """Two food baskets (five working days from completeness): one waiting for the
        manager's decision two working days past its due date, one due on the next working
        day and not yet sent on (at risk today)."""
        from silah.core.workdays import add_working_days

        at = self.replay.at
        late = self.story("basket_late", "food-basket")
        if late:
            completed = add_working_days(add_working_days(self.today, -2), -5)
            at(completed, lambda: (self.receive(late), self.to_review(late)))
        at_risk = self.story("basket_at_risk", "food-basket")
        if at_risk:
            completed = add_working_days(add_working_days(self.today, 1), -5)
            at(completed, lambda: self.receive(at_risk, channel="phone"))

    def _programme_place(self) -> None:
        """A request for the computer course by one of its enrolled participants: approved
        by the manager, and the place delivered the day the participant was enrolled."""
        from silah.services.models import Enrollment

        enrollment = (
            Enrollment.objects.filter(
                programme__service__code="computer-training",
                state=Enrollment.State.ENROLLED,
                beneficiary__branch__name="المقر الرئيسي بالليث",
            )
            .select_related("beneficiary")
            .order_by("pk")
            .first()
        )
        if enrollment is None:
            return
        story = self.story_of(enrollment.beneficiary, "computer-training")
        if story is None:
            return
        registered_on = enrollment.registered_on
        enrolled_on = min(enrollment.enrolled_on or registered_on, self.today)
        at = self.replay.at
        received = self.working(registered_on - dt.timedelta(days=5))
        at(received, lambda: (self.receive(story), self.to_review(story)))
        at(
            self.working(received + dt.timedelta(days=1)),
            lambda: (
                self.management_decision(story),
                self.start_delivery(story, on=enrolled_on, place="قاعة التدريب بالمقر الرئيسي"),
            ),
        )
        at(
            max(enrolled_on, received),
            lambda: self.deliver(story, kind="programme_place", enrollment=enrollment),
        )
