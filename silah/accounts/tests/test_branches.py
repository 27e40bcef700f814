"""Administrators keep the list of branches and offices; nobody else may change it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from silah.accounts import services
from silah.accounts.factories import BranchFactory, UserFactory
from silah.accounts.models import Branch

pytestmark = pytest.mark.django_db

BRANCHES = reverse("accounts:branch_list")
CREATE = reverse("accounts:branch_create")


def _snapshot():
    return sorted(
        Branch.objects.values_list("pk", "name", "name_en", "kind", "city", "parent", "is_active")
    )


def _form(**overrides):
    data = {
        "name": "مكتب أضم",
        "name_en": "Adham office",
        "kind": Branch.Kind.OFFICE,
        "parent": "",
        "city": "أضم",
        "is_active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    "url_name,kwargs",
    [
        ("accounts:branch_list", {}),
        ("accounts:branch_create", {}),
        ("accounts:branch_edit", {"pk": 1}),
    ],
)
def test_branch_screens_are_forbidden_without_the_permission(officer_client, url_name, kwargs):
    assert officer_client.get(reverse(url_name, kwargs=kwargs)).status_code == 403


def test_editing_an_unknown_branch_is_not_found(admin_client):
    assert admin_client.get(reverse("accounts:branch_edit", args=[99999])).status_code == 404


def test_a_refused_create_changes_nothing(officer_client):
    before = _snapshot()
    assert officer_client.post(CREATE, _form()).status_code == 403
    assert _snapshot() == before


def test_a_refused_edit_changes_nothing(officer_client):
    branch = BranchFactory(name="فرع الليث")
    before = _snapshot()
    response = officer_client.post(
        reverse("accounts:branch_edit", args=[branch.pk]), _form(name="اسم آخر")
    )
    assert response.status_code == 403
    assert _snapshot() == before


def test_branch_list_shows_kind_parent_city_and_active_staff(admin_client):
    main = BranchFactory(name="فرع الليث", city="الليث")
    BranchFactory(name="مكتب أضم", kind=Branch.Kind.OFFICE, parent=main)
    UserFactory(branches=[main])
    UserFactory(branches=[main], is_active=False)
    html = admin_client.get(BRANCHES).content.decode()
    assert "فرع الليث" in html and "مكتب أضم" in html and "مكتب" in html
    assert "<td>1</td>" in html


def test_administrator_adds_an_office_under_a_branch(admin_client, administrator):
    main = BranchFactory(name="فرع الليث")
    response = admin_client.post(CREATE, _form(parent=main.pk))
    assert response.status_code == 302
    office = Branch.objects.get(name="مكتب أضم")
    assert office.kind == Branch.Kind.OFFICE and office.parent == main and office.city == "أضم"
    assert office.history.get().history_user == administrator


def test_branch_form_is_accessible(admin_client):
    html = admin_client.get(CREATE).content.decode()
    assert 'class="form-select"' in html and 'class="form-check-input"' in html
    assert '<label class="form-label" for="id_name">' in html


def test_a_duplicate_name_is_an_arabic_field_error(admin_client):
    BranchFactory(name="مكتب أضم")
    before = _snapshot()
    response = admin_client.post(CREATE, _form())
    html = response.content.decode()
    assert 'id="id_name_error"' in html and "يوجد فرع أو مكتب بهذا الاسم." in html
    assert _snapshot() == before


def test_missing_name_and_unknown_kind_are_arabic_field_errors(admin_client):
    before = _snapshot()
    response = admin_client.post(CREATE, _form(name="", kind="castle"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_error"' in html and 'id="id_kind_error"' in html
    assert _snapshot() == before


def test_there_is_one_active_headquarters(admin_client):
    BranchFactory(name="المقر", kind=Branch.Kind.HEADQUARTERS)
    before = _snapshot()
    response = admin_client.post(CREATE, _form(name="مقر ثان", kind=Branch.Kind.HEADQUARTERS))
    assert "للجمعية مقر رئيسي واحد" in response.content.decode()
    assert _snapshot() == before


def test_headquarters_follows_no_one(admin_client):
    main = BranchFactory(name="فرع الليث")
    before = _snapshot()
    response = admin_client.post(
        CREATE, _form(name="المقر", kind=Branch.Kind.HEADQUARTERS, parent=main.pk)
    )
    assert "المقر الرئيسي لا يتبع فرعًا آخر." in response.content.decode()
    assert _snapshot() == before


def test_a_branch_cannot_follow_one_of_its_own_offices(admin_client):
    main = BranchFactory(name="فرع الليث")
    office = BranchFactory(name="مكتب أضم", kind=Branch.Kind.OFFICE, parent=main)
    before = _snapshot()
    response = admin_client.post(
        reverse("accounts:branch_edit", args=[main.pk]),
        _form(name="فرع الليث", kind=Branch.Kind.BRANCH, parent=office.pk),
    )
    assert response.status_code == 200
    assert "لا يتبع الفرع نفسه" in response.content.decode()
    assert _snapshot() == before


def test_a_branch_with_active_offices_cannot_be_deactivated(admin_client):
    main = BranchFactory(name="فرع الليث")
    BranchFactory(name="مكتب أضم", kind=Branch.Kind.OFFICE, parent=main)
    before = _snapshot()
    response = admin_client.post(
        reverse("accounts:branch_edit", args=[main.pk]),
        _form(name="فرع الليث", kind=Branch.Kind.BRANCH, is_active=None),
    )
    assert "تتبع هذا الفرع مكاتب نشطة" in response.content.decode()
    assert _snapshot() == before


def test_administrator_renames_and_deactivates_a_branch(admin_client):
    branch = BranchFactory(name="فرع قديم")
    response = admin_client.post(
        reverse("accounts:branch_edit", args=[branch.pk]),
        _form(name="فرع جديد", kind=Branch.Kind.BRANCH, is_active=None),
    )
    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.name == "فرع جديد" and not branch.is_active


def test_deactivating_a_branch_keeps_its_staff_assignments(admin_client):
    branch = BranchFactory(name="فرع الليث")
    user = UserFactory(branches=[branch])
    admin_client.post(
        reverse("accounts:branch_edit", args=[branch.pk]),
        _form(name="فرع الليث", kind=Branch.Kind.BRANCH, is_active=None),
    )
    assert list(user.branches.all()) == [branch]


def test_an_inactive_branch_is_not_offered_as_a_parent(admin_client):
    BranchFactory(name="فرع مغلق", is_active=False)
    html = admin_client.get(CREATE).content.decode()
    assert "فرع مغلق" not in html


def test_services_refuse_an_actor_without_the_permission():
    actor = UserFactory(roles=["manager"])
    branch = BranchFactory(name="فرع الليث")
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        services.create_branch(name="فرع", actor=actor)
    with pytest.raises(PermissionDenied):
        services.update_branch(
            branch,
            name="x",
            name_en="",
            kind="branch",
            city="",
            parent=None,
            is_active=True,
            actor=actor,
        )
    assert _snapshot() == before


def test_create_branch_service_validates_like_the_form(administrator):
    with pytest.raises(ValidationError) as error:
        services.create_branch(name="  ", actor=administrator)
    assert "name" in error.value.message_dict


def test_branch_name_follows_the_page_language():
    from django.utils import translation

    branch = BranchFactory(name="فرع الليث", name_en="Al-Lith branch")
    with translation.override("en"):
        assert str(branch) == "Al-Lith branch"
    assert str(branch) == "فرع الليث"
