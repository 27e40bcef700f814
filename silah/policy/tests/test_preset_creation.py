"""An association created from a preset, by the service, the commands and the demo."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from silah.accounts.factories import UserFactory
from silah.accounts.models import Branch, User
from silah.core.errors import DomainError
from silah.demo import loader
from silah.policy.models import Organization, PolicyVersion
from silah.policy.presets import UnknownPreset, create_association_from_preset, load_preset

pytestmark = pytest.mark.django_db

CODES = ["amal_allith", "samtah_coop", "quwayiyah_coop", "ahsa_prisoners", "tabuk_health"]
DRAFTS = [code for code in CODES if code != "amal_allith"]


@pytest.fixture
def admin():
    return UserFactory(username="preset_admin", roles=["administrator"])


def test_amal_is_created_with_its_board_approval_in_force(admin):
    organization, version = create_association_from_preset("amal_allith", actor=admin)
    version.refresh_from_db()
    assert organization.name == "جمعية آمال لذوي الإعاقة بمحافظة الليث"
    assert version.status == PolicyVersion.Status.APPROVED
    assert version.resolution_number == "2024/2"
    assert version.approved_on == date(2024, 4, 3)
    assert version.next_review_on == date(2025, 4, 3)
    assert version.approval_recorded_by == admin


@pytest.mark.parametrize("code", DRAFTS)
def test_a_seed_without_a_recorded_resolution_starts_as_a_draft(code, admin):
    _organization, version = create_association_from_preset(code, actor=admin)
    version.refresh_from_db()
    assert version.status == PolicyVersion.Status.DRAFT
    assert version.resolution_number == ""
    assert version.approved_on is None


@pytest.mark.parametrize("code", CODES)
def test_the_first_version_holds_the_presets_title_sections_and_rules(code, admin):
    preset = load_preset(code)
    organization, version = create_association_from_preset(code, actor=admin)
    version.refresh_from_db()
    assert version.number == 1
    assert version.preset == code
    assert version.title == preset.version_title
    assert version.sections == preset.sections
    assert version.rules == preset.rules
    assert version.created_by == admin
    assert organization.policy_versions.count() == 1


@pytest.mark.parametrize("code", CODES)
def test_the_association_holds_the_presets_details(code, admin):
    preset = load_preset(code)
    organization, _version = create_association_from_preset(code, actor=admin)
    organization.refresh_from_db()
    for field, value in preset.organization.items():
        assert getattr(organization, field) == value, field


def test_the_association_is_created_without_an_actor_too():
    organization, version = create_association_from_preset("tabuk_health")
    assert organization.pk and version.created_by is None


def test_a_second_association_is_refused_and_nothing_changes(admin):
    organization, _version = create_association_from_preset("amal_allith", actor=admin)
    with pytest.raises(DomainError) as error:
        create_association_from_preset("tabuk_health", actor=admin)
    assert organization.name in error.value.message
    assert list(Organization.objects.values_list("name", flat=True)) == [organization.name]
    assert PolicyVersion.objects.count() == 1


def test_if_missing_returns_the_existing_association_untouched(admin):
    organization, version = create_association_from_preset("amal_allith", actor=admin)
    again, again_version = create_association_from_preset(
        "tabuk_health", actor=admin, if_missing=True
    )
    assert (again, again_version) == (organization, version)
    assert Organization.objects.count() == 1
    assert PolicyVersion.objects.count() == 1


def test_an_unknown_preset_creates_nothing(admin):
    with pytest.raises(UnknownPreset):
        create_association_from_preset("nowhere", actor=admin)
    assert not Organization.objects.exists()


# -- the commands -----------------------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_list_presets_shows_each_code_and_association():
    output = run("list_presets")
    for code in CODES:
        assert code in output
    assert "جمعية العناية بالسجناء بالأحساء" in output
    assert "resolution 2024/2 on 2024-04-03" in output


def test_create_association_prints_what_it_created():
    output = run("create_association", "--preset", "amal_allith")
    assert "جمعية آمال لذوي الإعاقة بمحافظة الليث" in output
    assert "board resolution 2024/2 on 2024-04-03" in output
    assert "14 calendar days" in output
    assert Organization.objects.get().name == "جمعية آمال لذوي الإعاقة بمحافظة الليث"


def test_create_association_reports_a_draft_awaiting_approval():
    output = run("create_association", "--preset", "ahsa_prisoners")
    assert "draft: awaiting the board's approval record" in output
    assert "deadline: none stated" in output


def test_create_association_records_the_named_actor(admin):
    run("create_association", "--preset", "samtah_coop", "--actor", "preset_admin")
    assert PolicyVersion.objects.get().created_by == admin


def test_create_association_refuses_an_unknown_actor_and_creates_nothing():
    with pytest.raises(CommandError, match="nobody"):
        run("create_association", "--preset", "samtah_coop", "--actor", "nobody")
    assert not Organization.objects.exists()


def test_create_association_refuses_an_unknown_preset_listing_the_known_ones():
    with pytest.raises(CommandError) as error:
        run("create_association", "--preset", "nowhere")
    assert "Unknown preset 'nowhere'" in str(error.value)
    assert ", ".join(CODES) in str(error.value)
    assert not Organization.objects.exists()


def test_create_association_refuses_a_second_association():
    run("create_association", "--preset", "amal_allith")
    with pytest.raises(CommandError):
        run("create_association", "--preset", "tabuk_health")
    assert Organization.objects.count() == 1


def test_create_association_if_missing_leaves_the_existing_one():
    run("create_association", "--preset", "amal_allith")
    output = run("create_association", "--preset", "tabuk_health", "--if-missing")
    assert "already exists" in output
    assert Organization.objects.get().name == "جمعية آمال لذوي الإعاقة بمحافظة الليث"


# -- the demo ---------------------------------------------------------------------------------


@pytest.fixture
def demo_login_file(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "LOGIN_FILE", tmp_path / "demo-login.txt")


def test_the_demo_runs_amal_by_default(demo_login_file, monkeypatch):
    monkeypatch.delenv("SILAH_DEMO_PRESET", raising=False)
    login = loader.load_demo()
    organization = Organization.objects.get()
    assert login.association == organization.name == "جمعية آمال لذوي الإعاقة بمحافظة الليث"
    # The preset's approved version is in force (the demo also opens a draft beside it).
    in_force = PolicyVersion.objects.get(status=PolicyVersion.Status.APPROVED)
    assert in_force.in_force
    assert in_force.number == 1 and in_force.preset == "amal_allith"
    assert in_force.created_by.username == "admin"


def test_the_demo_can_run_any_other_preset(demo_login_file, monkeypatch):
    monkeypatch.setenv("SILAH_DEMO_PRESET", "quwayiyah_coop")
    loader.load_demo()
    assert Organization.objects.get().beneficiary_term == "المستخدم"
    assert Branch.objects.count() == len(loader.BRANCHES)
    assert User.objects.count() == 1 + len(loader.STAFF)


def test_the_demo_loads_again_without_a_second_association(demo_login_file, monkeypatch):
    monkeypatch.delenv("SILAH_DEMO_PRESET", raising=False)
    loader.load_demo()
    versions = list(PolicyVersion.objects.order_by("number").values_list("number", "status"))
    monkeypatch.setenv("SILAH_DEMO_PRESET", "tabuk_health")
    loader.load_demo()
    assert Organization.objects.get().name == "جمعية آمال لذوي الإعاقة بمحافظة الليث"
    assert list(PolicyVersion.objects.order_by("number").values_list("number", "status")) == (
        versions
    )
    assert Branch.objects.count() == len(loader.BRANCHES)


def test_the_demo_refuses_an_unknown_preset_and_loads_nothing(demo_login_file, monkeypatch):
    monkeypatch.setenv("SILAH_DEMO_PRESET", "nowhere")
    with pytest.raises(ImproperlyConfigured, match=r"SILAH_DEMO_PRESET='nowhere'.*amal_allith"):
        loader.load_demo()
    assert not Organization.objects.exists()
    assert not User.objects.exists()
