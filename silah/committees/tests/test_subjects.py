import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from silah.committees import subjects
from silah.committees.factories import CommitteeFactory, MeetingFactory
from silah.committees.models import CommitteeKind, MeetingState
from silah.committees.queries import committee_for_body, committees_for_bodies, next_meetings
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Beneficiary

pytestmark = pytest.mark.django_db


def test_kind_is_found_by_record_model_content_type_and_label(stand_in):
    file = BeneficiaryFactory()
    assert subjects.kind_for(file) is stand_in.kind
    assert subjects.kind_for(Beneficiary) is stand_in.kind
    assert subjects.kind_for(ContentType.objects.get_for_model(Beneficiary)) is stand_in.kind
    assert subjects.kind_for("registry.beneficiary") is stand_in.kind


def test_an_unregistered_model_has_no_kind(stand_in):
    assert subjects.kind_for(CommitteeFactory()) is None
    assert subjects.kind_for(None) is None


def test_all_kinds_lists_the_registered_ones(stand_in):
    assert stand_in.kind in subjects.all_kinds()


def test_registering_again_replaces_the_kind(stand_in):
    other = subjects.SubjectKind(
        model_label="registry.beneficiary",
        label="ملف آخر",
        waiting=stand_in.kind.waiting,
        summary=str,
        url=str,
        on_decided=stand_in.kind.on_decided,
    )
    subjects.register(other)
    assert subjects.kind_for(Beneficiary) is other
    assert [k for k in subjects.all_kinds() if k.key == "registry.beneficiary"] == [other]


def test_research_committee_decides_for_the_research_body():
    CommitteeFactory(kind=CommitteeKind.RESEARCH, is_active=False)
    research = CommitteeFactory(kind=CommitteeKind.RESEARCH)
    competent = CommitteeFactory(kind=CommitteeKind.COMPETENT)
    assert committee_for_body("research_committee") == research
    assert committee_for_body("competent_committee") == competent


def test_management_and_external_authority_are_not_committees():
    CommitteeFactory(kind=CommitteeKind.RESEARCH)
    assert committee_for_body("management") is None
    assert committee_for_body("external_authority") is None


def test_no_active_committee_of_the_kind_decides_nothing():
    CommitteeFactory(kind=CommitteeKind.COMPETENT, is_active=False)
    assert committee_for_body("competent_committee") is None


def test_the_committees_of_several_bodies_are_read_as_each_alone():
    CommitteeFactory(kind=CommitteeKind.RESEARCH, is_active=False)
    research = CommitteeFactory(kind=CommitteeKind.RESEARCH)
    CommitteeFactory(kind=CommitteeKind.RESEARCH)  # younger: the oldest decides
    found = committees_for_bodies(["research_committee", "competent_committee", "management"])
    assert found == {
        "research_committee": research,
        "competent_committee": None,
        "management": None,
    }


def test_each_committees_next_meeting_is_its_earliest_not_yet_closed():
    first, second = CommitteeFactory(), CommitteeFactory(kind=CommitteeKind.COMPETENT)
    MeetingFactory(committee=first, held_on=dt.date(2026, 5, 3), state=MeetingState.CLOSED)
    MeetingFactory(committee=first, held_on=dt.date(2026, 5, 24))
    soonest = MeetingFactory(committee=first, held_on=dt.date(2026, 5, 10))
    MeetingFactory(committee=second, held_on=dt.date(2026, 5, 1), state=MeetingState.CANCELLED)
    assert next_meetings([first, second]) == {first.pk: soonest}
