"""Writes to staff, branches and roles: one function per verb, with a keyword-only actor.

Every function checks the actor's permission, validates, and writes in one transaction with
a history row naming the actor. Bad input raises `ValidationError` with a dict of Arabic
messages per field, so a form can show each error at its field (`form.add_error(None, e)`).
Staff are never deleted: they are deactivated, because history points at them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch, Role, User
from silah.accounts.roles import RoleCode, forget_roles, user_has_role
from silah.audit.history import annotate_change

MANAGE_STAFF = "accounts.manage_staff"
MANAGE_BRANCHES = "accounts.manage_branches"
MANAGE_ROLES = "accounts.manage_roles"

NOT_ALLOWED = _("ليست لديك صلاحية لهذا الإجراء.")
USERNAME_REQUIRED = _("اسم المستخدم مطلوب.")
USERNAME_HAS_AT = _("لا يجوز أن يحتوي اسم المستخدم على @، فهي تميّز البريد الإلكتروني عند الدخول.")
USERNAME_INVALID = _("يقبل اسم المستخدم الحروف والأرقام والرموز . + - _ فقط، دون مسافات.")
USERNAME_TAKEN = _("اسم المستخدم هذا مستخدم لموظف آخر.")
EMAIL_TAKEN = _("هذا البريد الإلكتروني مستخدم لموظف آخر.")
PASSWORD_OR_EMAIL = _(
    "أدخل كلمة مرور أولية، أو بريدًا إلكترونيًا نرسل إليه رابطًا يعيّن به الموظف كلمة مروره."
)
ADMIN_ROLE_ONLY_BY_ADMIN = _("لا يمنح دور مدير النظام ولا يسحبه إلا مدير نظام.")
LAST_ADMINISTRATOR = _("لا بد أن يبقى مدير نظام نشط واحد على الأقل.")
NOT_YOURSELF = _("لا يمكنك إيقاف حسابك بنفسك.")
ALREADY_INACTIVE = _("هذا الموظف موقوف من قبل.")
INACTIVE_BRANCH = _("لا يمكن إسناد موظف إلى فرع موقوف: «%(branch)s».")
BRANCH_NAME_TAKEN = _("يوجد فرع أو مكتب بهذا الاسم.")
BRANCH_NAME_REQUIRED = _("اسم الفرع مطلوب.")
HEADQUARTERS_HAS_NO_PARENT = _("المقر الرئيسي لا يتبع فرعًا آخر.")
ONE_HEADQUARTERS = _("يوجد مقر رئيسي نشط: «%(branch)s». للجمعية مقر رئيسي واحد.")
PARENT_CYCLE = _("لا يتبع الفرع نفسه ولا أحد المكاتب التابعة له.")
PARENT_INACTIVE = _("لا يتبع الفرع فرعًا موقوفًا.")
REASON_CREATED = _("إضافة موظف")
REASON_UPDATED = _("تعديل بيانات موظف")
REASON_DEACTIVATED = _("إيقاف حساب موظف")
REASON_TWO_FACTOR_RESET = _("إعادة ضبط التحقق بخطوتين")
REASON_BRANCH_CREATED = _("إضافة فرع أو مكتب")
REASON_BRANCH_UPDATED = _("تعديل فرع أو مكتب")
REASON_ROLE_TWO_FACTOR = _("تغيير إلزام الدور بالتحقق بخطوتين")
REASON_ADMINISTRATOR = _("تعيين مدير النظام")
HAS_ACTIVE_OFFICES = _("تتبع هذا الفرع مكاتب نشطة؛ أوقفها أو انقلها إلى فرع آخر أولًا.")


def _require(actor: User, permission: str) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.has_perm(permission)):
        raise PermissionDenied(NOT_ALLOWED)


def _raise_if(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: dict[str, list], field: str, message: object) -> None:
    errors.setdefault(field, []).append(message)


def _is_administrator(user: User) -> bool:
    return user.is_superuser or user_has_role(user, RoleCode.ADMINISTRATOR)


def _roles(roles: Iterable[Role | str]) -> list[Role]:
    """Roles given as Role objects or codes; unknown codes are a programming error."""
    result = []
    for role in roles:
        result.append(role if isinstance(role, Role) else Role.objects.get(code=role))
    return result


def _active_administrators() -> int:
    """How many active administrators there are, locking their rows until commit."""
    administrator_ids = Group.objects.filter(role__code=RoleCode.ADMINISTRATOR).values("user")
    return len(
        User.objects.select_for_update()
        .filter(is_active=True, pk__in=administrator_ids)
        .values_list("pk", flat=True)
    )


# Staff -------------------------------------------------------------------------------------


def _check_identity(
    errors: dict[str, list], *, username: str, email: str, exclude_pk: int | None
) -> None:
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if not username:
        _add(errors, "username", USERNAME_REQUIRED)
    elif "@" in username:
        _add(errors, "username", USERNAME_HAS_AT)
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            _add(errors, "username", USERNAME_INVALID)
        else:
            if others.filter(username__iexact=username).exists():
                _add(errors, "username", USERNAME_TAKEN)
    if email and others.filter(email__iexact=email).exists():
        _add(errors, "email", EMAIL_TAKEN)


def _check_assignments(
    errors: dict[str, list],
    *,
    actor: User,
    user: User | None,
    roles: list[Role],
    branches: list[Branch],
    is_active: bool,
) -> None:
    had_admin = user is not None and user.groups.filter(role__code=RoleCode.ADMINISTRATOR).exists()
    gets_admin = any(role.code == RoleCode.ADMINISTRATOR for role in roles)
    if had_admin != gets_admin and not _is_administrator(actor):
        _add(errors, "roles", ADMIN_ROLE_ONLY_BY_ADMIN)
    if (
        user is not None
        and had_admin
        and user.is_active
        and not (gets_admin and is_active)
        and _active_administrators() <= 1
    ):
        _add(errors, "roles" if is_active else "is_active", LAST_ADMINISTRATOR)
    if user is not None and user.pk == actor.pk and not is_active:
        _add(errors, "is_active", NOT_YOURSELF)
    current = set(user.branches.values_list("pk", flat=True)) if user is not None else set()
    for branch in branches:
        if not branch.is_active and branch.pk not in current:
            _add(errors, "branches", INACTIVE_BRANCH % {"branch": branch.name})


def _save(obj: User | Branch | Role, *, actor: User | None, reason: object) -> None:
    """Save with a history row saying who and why (in Arabic, whatever the page's language:
    the history is read by everyone)."""
    with translation.override("ar"):
        annotate_change(obj, reason=str(reason), actor=actor)
    obj.save()


@transaction.atomic
def create_staff(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    roles: Iterable[Role | str] = (),
    branches: Iterable[Branch] = (),
    is_active: bool = True,
    password: str | None = None,
    actor: User,
) -> User:
    """Add a member of staff.

    Without a password, the new member gets an e-mail with a link to set their own.
    """
    _require(actor, MANAGE_STAFF)
    username, email = username.strip(), email.strip()
    role_list, branch_list = _roles(roles), list(branches)
    errors: dict[str, list] = {}
    _check_identity(errors, username=username, email=email, exclude_pk=None)
    _check_assignments(
        errors, actor=actor, user=None, roles=role_list, branches=branch_list, is_active=is_active
    )
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        is_active=is_active,
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors.setdefault("password", []).extend(error.messages)
    elif not email:
        _add(errors, "password", PASSWORD_OR_EMAIL)
    _raise_if(errors)

    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _save(user, actor=actor, reason=REASON_CREATED)
    user.groups.set([role.group for role in role_list])
    user.branches.set(branch_list)
    if not password and is_active:
        transaction.on_commit(lambda: send_set_password_email(user))
    return user


@transaction.atomic
def update_staff(
    user: User,
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[Role | str],
    branches: Iterable[Branch],
    is_active: bool,
    actor: User,
) -> User:
    """Change a member of staff's name, login, roles, branches or active status."""
    _require(actor, MANAGE_STAFF)
    user = User.objects.select_for_update().get(pk=user.pk)
    username, email = username.strip(), email.strip()
    role_list, branch_list = _roles(roles), list(branches)
    errors: dict[str, list] = {}
    _check_identity(errors, username=username, email=email, exclude_pk=user.pk)
    _check_assignments(
        errors, actor=actor, user=user, roles=role_list, branches=branch_list, is_active=is_active
    )
    _raise_if(errors)

    user.username = username
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email
    user.is_active = is_active
    _save(user, actor=actor, reason=REASON_UPDATED)
    user.groups.set([role.group for role in role_list])
    user.branches.set(branch_list)
    forget_roles(user)
    return user


@transaction.atomic
def deactivate_staff(user: User, *, actor: User) -> User:
    """Stop a member of staff from logging in; their records and history stay."""
    _require(actor, MANAGE_STAFF)
    user = User.objects.select_for_update().get(pk=user.pk)
    errors: dict[str, list] = {}
    if not user.is_active:
        _add(errors, "is_active", ALREADY_INACTIVE)
    elif user.pk == actor.pk:
        _add(errors, "is_active", NOT_YOURSELF)
    elif (
        user.groups.filter(role__code=RoleCode.ADMINISTRATOR).exists()
        and _active_administrators() <= 1
    ):
        _add(errors, "is_active", LAST_ADMINISTRATOR)
    _raise_if(errors)
    user.is_active = False
    _save(user, actor=actor, reason=REASON_DEACTIVATED)
    return user


@transaction.atomic
def reset_staff_two_factor(user: User, *, actor: User) -> int:
    """Remove a member of staff's authenticator and backup codes (a lost phone).

    Returns how many devices were removed. If their role requires two-factor login, they
    set it up again at their next login.
    """
    from silah.accounts.twofactor import remove_devices

    _require(actor, MANAGE_STAFF)
    user = User.objects.select_for_update().get(pk=user.pk)
    removed = remove_devices(user)
    _save(user, actor=actor, reason=REASON_TWO_FACTOR_RESET)
    return removed


def send_set_password_email(user: User) -> None:
    """E-mail a new member of staff a link to set their password, in Silah's language."""
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {"user": user, "url": settings.SITE_URL.rstrip("/") + path}
        subject = render_to_string("accounts/email/set_password_subject.txt", context)
        body = render_to_string("accounts/email/set_password_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


# Branches ----------------------------------------------------------------------------------


def _descendant_ids(branch: Branch) -> set[int]:
    found: set[int] = set()
    frontier = [branch.pk]
    while frontier:
        children = list(
            Branch.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.update(children)
        frontier = children
    return found


def _check_branch(
    errors: dict[str, list],
    *,
    branch: Branch | None,
    name: str,
    kind: str,
    parent: Branch | None,
    is_active: bool,
) -> None:
    others = Branch.objects.exclude(pk=branch.pk) if branch else Branch.objects.all()
    if not name:
        _add(errors, "name", BRANCH_NAME_REQUIRED)
    elif others.filter(name__iexact=name).exists():
        _add(errors, "name", BRANCH_NAME_TAKEN)
    if kind == Branch.Kind.HEADQUARTERS:
        if parent is not None:
            _add(errors, "parent", HEADQUARTERS_HAS_NO_PARENT)
        existing = others.filter(kind=Branch.Kind.HEADQUARTERS, is_active=True).first()
        if existing is not None and is_active:
            _add(errors, "kind", ONE_HEADQUARTERS % {"branch": existing.name})
    if (
        parent is not None
        and branch is not None
        and (parent.pk == branch.pk or parent.pk in _descendant_ids(branch))
    ):
        _add(errors, "parent", PARENT_CYCLE)
    if parent is not None and not parent.is_active and (branch is None or parent != branch.parent):
        _add(errors, "parent", PARENT_INACTIVE)
    if branch is not None and not is_active and branch.offices.filter(is_active=True).exists():
        _add(errors, "is_active", HAS_ACTIVE_OFFICES)


@transaction.atomic
def create_branch(
    *,
    name: str,
    name_en: str = "",
    kind: str = Branch.Kind.BRANCH,
    city: str = "",
    parent: Branch | None = None,
    is_active: bool = True,
    actor: User,
) -> Branch:
    """Add a branch, an office or the headquarters."""
    _require(actor, MANAGE_BRANCHES)
    name = name.strip()
    errors: dict[str, list] = {}
    _check_branch(errors, branch=None, name=name, kind=kind, parent=parent, is_active=is_active)
    _raise_if(errors)
    branch = Branch(
        name=name,
        name_en=name_en.strip(),
        kind=kind,
        city=city.strip(),
        parent=parent,
        is_active=is_active,
    )
    _save(branch, actor=actor, reason=REASON_BRANCH_CREATED)
    return branch


@transaction.atomic
def update_branch(
    branch: Branch,
    *,
    name: str,
    name_en: str,
    kind: str,
    city: str,
    parent: Branch | None,
    is_active: bool,
    actor: User,
) -> Branch:
    """Change a branch's name, kind, city, parent or active status."""
    _require(actor, MANAGE_BRANCHES)
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    name = name.strip()
    errors: dict[str, list] = {}
    _check_branch(errors, branch=branch, name=name, kind=kind, parent=parent, is_active=is_active)
    _raise_if(errors)
    branch.name = name
    branch.name_en = name_en.strip()
    branch.kind = kind
    branch.city = city.strip()
    branch.parent = parent
    branch.is_active = is_active
    _save(branch, actor=actor, reason=REASON_BRANCH_UPDATED)
    return branch


# Roles -------------------------------------------------------------------------------------


@transaction.atomic
def set_role_two_factor(role: Role, *, required: bool, actor: User) -> Role:
    """Switch on (or off) two-factor login for everyone holding this role."""
    _require(actor, MANAGE_ROLES)
    role = Role.objects.select_for_update().get(pk=role.pk)
    role.requires_two_factor = required
    with translation.override("ar"):
        annotate_change(role, reason=str(REASON_ROLE_TWO_FACTOR), actor=actor)
    role.save(update_fields=["requires_two_factor"])
    return role


# The first administrator -------------------------------------------------------------------


@transaction.atomic
def ensure_administrator(username: str, email: str, password: str) -> tuple[User, bool]:
    """Create an administrator (superuser in the administrator role), or leave an existing one.

    An existing account with this username keeps its password; it is made an active
    superuser in the administrator role if it was not. Returns (user, created).
    """
    group = Group.objects.get(role__code=RoleCode.ADMINISTRATOR)
    user = User.objects.filter(username__iexact=username.strip()).first()
    created = user is None
    if user is None:
        email = email.strip()
        if email and User.objects.filter(email__iexact=email).exists():
            raise ValidationError({"email": [EMAIL_TAKEN]})
        user = User(username=username.strip(), email=email)
        user.set_password(password)
    if created or not (user.is_superuser and user.is_staff and user.is_active):
        user.is_superuser = user.is_staff = user.is_active = True
        _save(user, actor=None, reason=REASON_ADMINISTRATOR)
    user.groups.add(group)
    forget_roles(user)
    return user, created
