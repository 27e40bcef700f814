"""Announcements to a segment, their preview, progress and report; the new policy version."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from silah.accounts.factories import BranchFactory, UserFactory
from silah.core.errors import DomainError
from silah.messaging import announcements, outbox
from silah.messaging.models import Announcement, Message, MessageClass
from silah.registry.factories import BeneficiaryFactory, category
from silah.registry.models import Status as FileStatus
from silah.registry.services import grant_consent

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
NIGHT = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


@pytest.fixture
def people():
    widows = category("widow")
    branch = BranchFactory(name="فرع الليث")
    return {
        "sms": BeneficiaryFactory(status=FileStatus.ACTIVE, categories=[widows], branch=branch),
        "email": BeneficiaryFactory(
            status=FileStatus.ACTIVE, preferred_channel="email", email="a@example.org"
        ),
        "call": BeneficiaryFactory(status=FileStatus.ACTIVE, preferred_channel="call"),
        "applicant": BeneficiaryFactory(status=FileStatus.APPLICANT),
        "branch": branch,
        "widows": widows,
    }


@pytest.fixture(autouse=True)
def all_channels(monkeypatch):
    monkeypatch.setattr(
        "silah.registry.validation.enabled_contact_channels",
        lambda version=None: ["sms", "whatsapp", "email", "letter", "call"],
    )


def test_preview_counts_active_beneficiaries_per_channel(people):
    counts = announcements.preview_counts(Announcement.Segment.ALL_ACTIVE)
    assert counts == {"sms": 1, "email": 1, "call": 1}


def test_segments_by_category_and_branch(people):
    by_category = announcements.segment_queryset("category", category=people["widows"])
    by_branch = announcements.segment_queryset("branch", branch=people["branch"])
    assert list(by_category) == [people["sms"]]
    assert list(by_branch) == [people["sms"]]


def test_an_announcement_without_text_is_refused_and_nothing_is_written(people):
    with pytest.raises(DomainError) as refused:
        announcements.start(actor=UserFactory(), title="x", text=" ", segment="all_active")
    assert refused.value.field == "text"
    assert not Announcement.objects.exists()


def test_an_announcement_reaches_each_person_once_and_reports_what_happened(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    for key in ("sms", "call", "applicant"):  # everyone but the e-mail reader consented
        grant_consent(people[key], "awareness", actor=None, how="in_person")
    manager = UserFactory(roles=["manager"])
    with time_machine.travel(NIGHT, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            announcement = announcements.start(
                actor=manager,
                title="التسجيل الصيفي",
                text="يبدأ التسجيل غدًا",
                segment="all_active",
                message_class=MessageClass.AWARENESS,
            )
        announcements.write_messages(announcement)  # a second run writes nothing new
        assert Message.objects.filter(announcement=announcement).count() == 3
        announcement.refresh_from_db()
        night = announcements.report(announcement)
        assert (night["quiet_hours"], night["opted_out"], night["sent"]) == (2, 1, 0)
    with time_machine.travel(NOON.replace(day=26), tick=False):
        outbox.drain()
        morning = announcements.report(announcement)
    assert (morning["sent"], morning["opted_out"], morning["failed"]) == (2, 1, 0)
    assert morning["percent"] == 100 and morning["done"]


def test_an_approved_policy_version_is_told_to_active_beneficiaries_with_its_link(
    people, django_capture_on_commit_callbacks
):
    from silah.policy import services as policy_services
    from silah.policy.presets import create_association_from_preset

    admin = UserFactory(roles=["administrator"])
    organization, _v = create_association_from_preset("amal_allith", actor=admin)
    draft = policy_services.start_draft(organization, actor=admin)
    with django_capture_on_commit_callbacks(execute=True):
        policy_services.record_approval(
            draft, actor=admin, resolution_number="2026/9", approved_on=date(2026, 11, 1)
        )
    told = Message.objects.filter(event="policy_version")
    assert told.count() == 3
    assert all(f"/policy/versions/{draft.number}/" in m.body for m in told)
    assert not told.filter(beneficiary=people["applicant"]).exists()
