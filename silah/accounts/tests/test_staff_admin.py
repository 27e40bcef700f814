"""Administrators add, edit and deactivate staff; nobody else may, and nothing is deleted."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from silah.accounts import services
from silah.accounts.factories import (
    PASSWORD,
    AdministratorFactory,
    BranchFactory,
    UserFactory,
    add_authenticator,
)
from silah.accounts.models import Role, User
from silah.accounts.roles import user_has_role

pytestmark = pytest.mark.django_db

STAFF = reverse("accounts:staff_list")
CREATE = reverse("accounts:staff_create")


def _snapshot():
    return (
        sorted(
            User.objects.values_list(
                "pk", "username", "email", "first_name", "is_active", "password"
            )
        ),
        sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        sorted(User.branches.through.objects.values_list("user_id", "branch_id")),
    )


def _form(**overrides):
    data = {
        "first_name": "نورة",
        "last_name": "القحطاني",
        "username": "noura",
        "email": "noura@example.org",
        "roles": [Role.objects.get(code="relations_officer").pk],
        "branches": [],
        "is_active": "on",
    }
    data.update(overrides)
    return data


def _edit_form(user, **overrides):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.username,
        "email": user.email,
        "roles": list(Role.objects.filter(group__user=user).values_list("pk", flat=True)),
        "branches": list(user.branches.values_list("pk", flat=True)),
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Who may see the screens -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name,kwargs",
    [
        ("accounts:staff_list", {}),
        ("accounts:staff_create", {}),
        ("accounts:staff_edit", {"pk": 1}),
        ("accounts:staff_deactivate", {"pk": 1}),
        ("accounts:staff_reset_two_factor", {"pk": 1}),
    ],
)
def test_staff_screens_are_forbidden_without_the_permission(officer_client, url_name, kwargs):
    assert officer_client.get(reverse(url_name, kwargs=kwargs)).status_code == 403


def test_staff_screens_send_anonymous_visitors_to_login(client):
    response = client.get(STAFF)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_editing_an_unknown_member_is_not_found(admin_client):
    assert admin_client.get(reverse("accounts:staff_edit", args=[99999])).status_code == 404


def test_a_refused_create_by_a_non_administrator_changes_nothing(officer_client):
    before = _snapshot()
    response = officer_client.post(CREATE, _form())
    assert response.status_code == 403
    assert _snapshot() == before


def test_a_refused_deactivation_by_a_non_administrator_changes_nothing(officer_client):
    target = UserFactory()
    before = _snapshot()
    response = officer_client.post(reverse("accounts:staff_deactivate", args=[target.pk]))
    assert response.status_code == 403
    assert _snapshot() == before


# The list --------------------------------------------------------------------------------


def test_staff_list_shows_active_staff_with_roles_and_branches(admin_client):
    branch = BranchFactory(name="فرع الليث")
    UserFactory(first_name="منيرة", roles=["social_researcher"], branches=[branch])
    UserFactory(first_name="موقوفة", is_active=False)
    html = admin_client.get(STAFF).content.decode()
    assert "منيرة" in html and "الباحث الاجتماعي" in html and "فرع الليث" in html
    assert "موقوفة" not in html


def test_staff_list_filters_by_role(admin_client):
    UserFactory(first_name="باحثة", roles=["social_researcher"])
    UserFactory(first_name="مشرفة", roles=["manager"])
    html = admin_client.get(STAFF, {"role": "manager"}).content.decode()
    assert "مشرفة" in html and "باحثة" not in html


def test_staff_list_filters_by_branch(admin_client):
    here, there = BranchFactory(name="فرع أضم"), BranchFactory(name="فرع الليث")
    UserFactory(first_name="هنا", branches=[here])
    UserFactory(first_name="هناك", branches=[there])
    html = admin_client.get(STAFF, {"branch": here.pk}).content.decode()
    assert "هنا" in html and "هناك" not in html


def test_staff_list_shows_inactive_staff_on_request(admin_client):
    UserFactory(first_name="موقوفة", is_active=False)
    html = admin_client.get(STAFF, {"status": "inactive"}).content.decode()
    assert "موقوفة" in html


def test_staff_list_searches_by_name_username_or_email(admin_client):
    UserFactory(first_name="عبير", username="abeer")
    UserFactory(first_name="سلمى", username="salma")
    html = admin_client.get(STAFF, {"q": "abe"}).content.decode()
    assert "عبير" in html and "سلمى" not in html


def test_staff_list_with_a_bad_filter_is_not_an_error(admin_client):
    response = admin_client.get(STAFF, {"branch": "not-a-number", "role": "nobody"})
    assert response.status_code == 200


# Creating --------------------------------------------------------------------------------


def test_create_form_is_accessible(admin_client):
    html = admin_client.get(CREATE).content.decode()
    assert '<label class="form-label" for="id_first_name">' in html
    assert 'class="form-check-input"' in html
    assert "<legend" in html
    assert 'autocomplete="new-password"' in html


def test_administrator_adds_a_member_with_roles_and_branches(admin_client, mailoutbox):
    branch = BranchFactory()
    response = admin_client.post(CREATE, _form(branches=[branch.pk]))
    assert response.status_code == 302
    user = User.objects.get(username="noura")
    assert user.first_name == "نورة" and user.is_active
    assert user_has_role(user, "relations_officer")
    assert list(user.branches.all()) == [branch]


def test_a_member_added_without_a_password_gets_an_arabic_link_to_set_one(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(CREATE, _form())
    user = User.objects.get(username="noura")
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["noura@example.org"]
    assert "أنشأ مدير النظام في جمعيتك حسابًا لك في صلة" in mailoutbox[0].body
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_a_member_added_with_a_password_can_log_in_and_gets_no_email(
    admin_client, client, mailoutbox
):
    admin_client.post(CREATE, _form(password="a long first passphrase 77"))
    assert mailoutbox == []
    response = client.post(
        reverse("accounts:login"), {"username": "noura", "password": "a long first passphrase 77"}
    )
    assert response.status_code == 302


def test_a_member_needs_a_password_or_an_email(admin_client):
    before = _snapshot()
    response = admin_client.post(CREATE, _form(email=""))
    assert response.status_code == 200
    assert "أدخل كلمة مرور أولية، أو بريدًا إلكترونيًا" in response.content.decode()
    assert _snapshot() == before


def test_a_weak_first_password_is_refused_in_arabic(admin_client):
    before = _snapshot()
    response = admin_client.post(CREATE, _form(password="12345678"))
    assert response.status_code == 200
    assert "كلمة المرور" in response.content.decode()
    assert _snapshot() == before


def test_a_taken_username_in_another_case_is_refused_at_the_field(admin_client):
    UserFactory(username="noura")
    before = _snapshot()
    response = admin_client.post(CREATE, _form(username="NOURA", email="other@example.org"))
    html = response.content.decode()
    assert 'id="id_username_error"' in html
    assert "اسم المستخدم هذا مستخدم لموظف آخر." in html
    assert _snapshot() == before


def test_a_taken_email_in_another_case_is_refused_at_the_field(admin_client):
    UserFactory(username="someone", email="noura@example.org")
    before = _snapshot()
    response = admin_client.post(CREATE, _form(email="NOURA@Example.org"))
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert "هذا البريد الإلكتروني مستخدم لموظف آخر." in html
    assert _snapshot() == before


def test_a_username_with_an_at_sign_is_refused(admin_client):
    before = _snapshot()
    response = admin_client.post(CREATE, _form(username="noura@home"))
    assert "لا يجوز أن يحتوي اسم المستخدم على @" in response.content.decode()
    assert _snapshot() == before


def test_a_username_with_spaces_is_refused(admin_client):
    response = admin_client.post(CREATE, _form(username="noura q"))
    assert "يقبل اسم المستخدم الحروف والأرقام" in response.content.decode()
    assert not User.objects.filter(first_name="نورة").exists()


def test_an_arabic_username_is_accepted(admin_client):
    admin_client.post(CREATE, _form(username="نورة"))
    assert User.objects.filter(username="نورة").exists()


def test_missing_name_and_bad_email_show_arabic_field_errors(admin_client):
    before = _snapshot()
    response = admin_client.post(CREATE, _form(first_name="", email="not-an-email"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_first_name_error"' in html and "هذا الحقل مطلوب" in html
    assert "أدخل بريدًا إلكترونيًا صحيحًا" in html
    assert _snapshot() == before


def test_an_unknown_role_is_a_field_error_not_a_crash(admin_client):
    response = admin_client.post(CREATE, _form(roles=[99999]))
    assert response.status_code == 200
    assert 'id="id_roles_error"' in response.content.decode()


def test_a_member_cannot_be_assigned_to_an_inactive_branch(admin):
    closed = BranchFactory(name="فرع مغلق", is_active=False)
    with pytest.raises(ValidationError) as error:
        services.create_staff(
            username="noura",
            first_name="نورة",
            last_name="",
            email="n@example.org",
            branches=[closed],
            actor=admin,
        )
    assert "branches" in error.value.message_dict
    assert not User.objects.filter(username="noura").exists()


@pytest.fixture
def admin(administrator):
    return administrator


# Editing ---------------------------------------------------------------------------------


def test_administrator_changes_a_members_roles_and_branches(admin_client):
    user = UserFactory(roles=["relations_officer"])
    branch = BranchFactory()
    researcher = Role.objects.get(code="social_researcher")
    response = admin_client.post(
        reverse("accounts:staff_edit", args=[user.pk]),
        _edit_form(user, roles=[researcher.pk], branches=[branch.pk]),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert list(Role.objects.filter(group__user=user)) == [researcher]
    assert list(user.branches.all()) == [branch]


def test_an_edit_is_recorded_in_the_history_with_the_actor(admin_client, administrator):
    user = UserFactory(first_name="قديم")
    admin_client.post(
        reverse("accounts:staff_edit", args=[user.pk]), _edit_form(user, first_name="جديد")
    )
    latest = user.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == administrator
    assert user.history.filter(first_name="جديد", history_user=administrator).exists()


def test_edit_form_shows_the_current_values(admin_client):
    user = UserFactory(first_name="ريم", roles=["hr"])
    html = admin_client.get(reverse("accounts:staff_edit", args=[user.pk])).content.decode()
    assert 'value="ريم"' in html
    hr = Role.objects.get(code="hr")
    assert f'value="{hr.pk}"' in html and "checked" in html


def test_a_clash_on_edit_changes_nothing(admin_client):
    UserFactory(username="taken")
    user = UserFactory(username="mine", first_name="قديم")
    before = _snapshot()
    response = admin_client.post(
        reverse("accounts:staff_edit", args=[user.pk]),
        _edit_form(user, username="TAKEN", first_name="جديد"),
    )
    assert response.status_code == 200
    assert _snapshot() == before


def test_a_member_may_be_reactivated_from_the_edit_form(admin_client):
    user = UserFactory(is_active=False)
    admin_client.post(
        reverse("accounts:staff_edit", args=[user.pk]), _edit_form(user, is_active="on")
    )
    user.refresh_from_db()
    assert user.is_active


# The administrator role ------------------------------------------------------------------


def test_only_an_administrator_may_grant_the_administrator_role():
    hr_admin = UserFactory(roles=["hr"])
    hr_admin.groups.add(Group.objects.get(role__code="manager"))
    from django.contrib.auth.models import Permission

    hr_admin.user_permissions.add(Permission.objects.get(codename="manage_staff"))
    hr_admin = User.objects.get(pk=hr_admin.pk)
    target = UserFactory()
    before = _snapshot()
    with pytest.raises(ValidationError) as error:
        services.update_staff(
            target,
            username=target.username,
            first_name="x",
            last_name="",
            email=target.email,
            roles=["administrator"],
            branches=[],
            is_active=True,
            actor=hr_admin,
        )
    assert "roles" in error.value.message_dict
    assert _snapshot() == before


def test_the_last_administrator_cannot_lose_the_role(admin):
    other = AdministratorFactory()
    services.deactivate_staff(other, actor=admin)
    before = _snapshot()
    with pytest.raises(ValidationError) as error:
        services.update_staff(
            admin,
            username=admin.username,
            first_name=admin.first_name,
            last_name="",
            email=admin.email,
            roles=["manager"],
            branches=[],
            is_active=True,
            actor=admin,
        )
    assert "لا بد أن يبقى مدير نظام نشط واحد على الأقل." in error.value.message_dict["roles"]
    assert _snapshot() == before


def test_an_administrator_may_step_down_when_another_remains(admin):
    AdministratorFactory()
    services.update_staff(
        admin,
        username=admin.username,
        first_name=admin.first_name,
        last_name="",
        email=admin.email,
        roles=["manager"],
        branches=[],
        is_active=True,
        actor=admin,
    )
    assert not user_has_role(User.objects.get(pk=admin.pk), "administrator")


# Deactivating ----------------------------------------------------------------------------


def test_deactivate_page_asks_for_confirmation(admin_client):
    user = UserFactory(first_name="هند")
    response = admin_client.get(reverse("accounts:staff_deactivate", args=[user.pk]))
    assert "سيتوقف «هند الحربي» عن الدخول إلى صلة فورًا" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_deactivation_keeps_the_member_and_stops_their_login(admin_client, client):
    user = UserFactory(username="hind")
    response = admin_client.post(reverse("accounts:staff_deactivate", args=[user.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert User.objects.filter(pk=user.pk).exists()
    login = client.post(reverse("accounts:login"), {"username": "hind", "password": PASSWORD})
    assert login.status_code == 200


def test_deactivation_is_recorded_with_its_reason_and_actor(admin_client, administrator):
    user = UserFactory()
    admin_client.post(reverse("accounts:staff_deactivate", args=[user.pk]))
    row = user.history.filter(is_active=False).get()
    assert row.history_user == administrator
    assert row.history_change_reason == "إيقاف حساب موظف"


def test_an_administrator_cannot_deactivate_themselves(admin_client, administrator):
    before = _snapshot()
    response = admin_client.post(reverse("accounts:staff_deactivate", args=[administrator.pk]))
    assert response.status_code == 200
    assert "لا يمكنك إيقاف حسابك بنفسك." in response.content.decode()
    assert _snapshot() == before


def test_deactivating_twice_is_an_arabic_message_not_an_error(admin_client):
    user = UserFactory(is_active=False)
    response = admin_client.post(reverse("accounts:staff_deactivate", args=[user.pk]))
    assert response.status_code == 200
    assert "هذا الموظف موقوف من قبل." in response.content.decode()


def test_the_last_administrator_cannot_be_deactivated_by_a_superuser():
    only_admin = AdministratorFactory()
    root = UserFactory(is_superuser=True)
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.deactivate_staff(only_admin, actor=root)
    assert _snapshot() == before


def test_services_refuse_an_actor_without_the_permission():
    target = UserFactory()
    actor = UserFactory(roles=["manager"])
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        services.deactivate_staff(target, actor=actor)
    with pytest.raises(PermissionDenied):
        services.create_staff(
            username="x", first_name="x", last_name="", email="x@e.org", actor=actor
        )
    assert _snapshot() == before


# Resetting two-factor --------------------------------------------------------------------


def test_administrator_resets_a_members_lost_authenticator(admin_client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory()
    add_authenticator(user)
    page = admin_client.get(reverse("accounts:staff_edit", args=[user.pk])).content.decode()
    assert reverse("accounts:staff_reset_two_factor", args=[user.pk]) in page
    response = admin_client.post(reverse("accounts:staff_reset_two_factor", args=[user.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_refused_two_factor_reset_changes_nothing(officer_client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory()
    add_authenticator(user)
    response = officer_client.post(reverse("accounts:staff_reset_two_factor", args=[user.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()


# The first administrator -----------------------------------------------------------------


def test_ensure_administrator_creates_a_superuser_in_the_administrator_role():
    user, created = services.ensure_administrator("admin", "admin@example.org", PASSWORD)
    assert created
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password(PASSWORD)
    assert user_has_role(user, "administrator")


def test_ensure_administrator_leaves_an_existing_one_and_their_password():
    first, _ = services.ensure_administrator("admin", "admin@example.org", PASSWORD)
    again, created = services.ensure_administrator("ADMIN", "admin@example.org", "other pass")
    assert not created
    assert again == first
    again.refresh_from_db()
    assert again.check_password(PASSWORD)
    assert User.objects.count() == 1


def test_ensure_administrator_promotes_an_existing_account():
    user = UserFactory(username="admin")
    promoted, created = services.ensure_administrator("admin", "", PASSWORD)
    assert not created and promoted.pk == user.pk
    promoted = User.objects.get(pk=user.pk)
    assert promoted.is_superuser and user_has_role(promoted, "administrator")


def test_ensure_administrator_refuses_an_email_in_use():
    UserFactory(username="someone", email="admin@example.org")
    with pytest.raises(ValidationError):
        services.ensure_administrator("admin", "ADMIN@example.org", PASSWORD)
    assert not User.objects.filter(username="admin").exists()


def test_the_invitation_link_lets_the_new_member_set_a_password(
    admin_client, client, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(CREATE, _form())
    path = re.search(r"https?://[^/\s]+(/\S+/)", mailoutbox[0].body).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    new = "my own long passphrase 31"
    client.post(set_url, {"new_password1": new, "new_password2": new})
    assert User.objects.get(username="noura").check_password(new)


def test_a_refused_edit_by_a_non_administrator_changes_nothing(officer_client):
    target = UserFactory(first_name="قديم")
    before = _snapshot()
    response = officer_client.post(
        reverse("accounts:staff_edit", args=[target.pk]),
        _edit_form(target, first_name="جديد", roles=[Role.objects.get(code="administrator").pk]),
    )
    assert response.status_code == 403
    assert _snapshot() == before
