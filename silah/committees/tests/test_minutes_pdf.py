"""The minutes' PDF, read back with `pdftotext` (see silah/policy/tests/test_document.py for
why the text is squeezed: bidi controls, combining marks and line breaks dropped)."""

import subprocess
import unicodedata

import pytest

from silah.committees import minutes as minutes_module
from silah.committees import services
from silah.committees.factories import held_meeting, seated_committee
from silah.committees.models import Outcome
from silah.policy.factories import OrganizationFactory
from silah.registry.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)


def squeeze(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.translate(BIDI_CONTROLS))
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    )
    return squeeze(result.stdout)


@pytest.fixture
def closed(stand_in):
    OrganizationFactory(name="جمعية البر بالليث")
    seated = seated_committee(members=2, quorum=3, name="لجنة البحث الاجتماعي")
    seated.chair.first_name, seated.chair.last_name = "عبدالله", "القرشي"
    seated.chair.save()
    absent = seated.members[1]
    absent.first_name, absent.last_name = "منيرة", "السبيعي"
    absent.save()
    meeting = held_meeting(
        seated,
        present=[seated.chair, seated.secretary, seated.members[0]],
        place="قاعة الاجتماعات",
    )
    approved, deferred = BeneficiaryFactory(), BeneficiaryFactory()
    first = services.add_to_agenda(meeting, approved, actor=seated.secretary)
    second = services.add_to_agenda(meeting, deferred, actor=seated.secretary)
    services.cast_vote(first, member=seated.chair, choice="approve")
    services.cast_vote(first, member=seated.members[0], choice="approve")
    services.cast_vote(first, member=seated.secretary, choice="reject")
    services.decide_item(first, outcome=Outcome.APPROVED, actor=seated.chair)
    services.decide_item(
        second, outcome=Outcome.DEFERRED, reason="بانتظار تقرير الزيارة", actor=seated.chair
    )
    minutes = services.close_meeting(meeting, actor=seated.secretary)
    services.approve_minutes(meeting, member=seated.chair)
    return minutes, seated, approved


def test_the_minutes_pdf_says_who_met_what_was_decided_and_who_approved(closed, tmp_path):
    minutes, _seated, approved = closed
    text = pdf_text(minutes_module.render_minutes_pdf(minutes), tmp_path)
    for expected in [
        "جمعية البر بالليث",
        "محضر اجتماع لجنة البحث الاجتماعي",
        "قاعة الاجتماعات",
        "عبدالله القرشي",
        "الغائبون:منيرة السبيعي",
        "النصاب مكتمل",
        approved.full_name,
        "القرار:موافقة",
        "القرار:تأجيل",
        "السبب:بانتظار تقرير الزيارة",
        "اعتماد المحضر",
    ]:
        assert squeeze(expected) in text, expected


def test_the_minutes_pdf_carries_the_meeting_number_and_both_calendars(closed, tmp_path):
    minutes, _seated, _approved = closed
    text = pdf_text(minutes_module.render_minutes_pdf(minutes), tmp_path)
    assert "1/1448" in text
    assert squeeze("2 صفر 1448هـ") in text  # 16 July 2026
    assert squeeze("16 يوليو 2026م") in text


def test_the_minutes_pdf_counts_the_votes(closed, tmp_path):
    minutes, _seated, _approved = closed
    text = pdf_text(minutes_module.render_minutes_pdf(minutes), tmp_path)
    # Poppler moves the comma after a number into the number's left-to-right run.
    assert "موافق2غيرموافق1ممتنع0" in text.replace("،", "")


def test_an_approval_appears_with_its_member_and_date(closed):
    minutes, _seated, _approved = closed
    context = minutes_module.minutes_context(minutes)
    assert [a["name"] for a in context["approvals"]] == ["عبدالله القرشي"]
    assert "هـ" in context["approvals"][0]["date"]


def test_the_minutes_do_not_change_when_a_member_is_renamed_after_closing(closed):
    minutes, seated, _approved = closed
    seated.members[1].first_name = "نورة"
    seated.members[1].save()
    assert "منيرة السبيعي" in minutes_module.minutes_html(minutes)
