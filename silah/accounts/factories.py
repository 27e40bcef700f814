"""Factories for staff and branches, used by every app's tests."""

import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from silah.accounts.access import forget
from silah.accounts.models import Branch, User

PASSWORD = "correct horse battery staple"  # noqa: S105 -- test data


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"فرع {n}")
    kind = Branch.Kind.BRANCH
    city = "الليث"


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff whose password is `PASSWORD`.

    UserFactory(roles=["manager"], branches=[branch]) puts them in roles and branches.
    """

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "سارة"
    last_name = "الحربي"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        """UserFactory(roles=["manager"]) puts the user in those roles' groups."""
        if not create or not extracted:
            return
        for code in extracted:
            self.groups.add(Group.objects.get(role__code=code))
        forget(self)  # its roles and its new access_version

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: dict | None = None):
        if create:
            instance.save(update_fields=["password"])  # the hash set by `password` above

    @factory.post_generation
    def branches(self, create: bool, extracted: list[Branch] | None, **kwargs) -> None:
        if not create or not extracted:
            return
        self.branches.add(*extracted)


class AdministratorFactory(UserFactory):
    """A member of staff in the administrator role (not a superuser)."""

    username = factory.Sequence(lambda n: f"admin{n}")
    first_name = "خالد"
    last_name = "العتيبي"

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if not create:
            return
        for code in ["administrator", *(extracted or [])]:
            self.groups.add(Group.objects.get(role__code=code))
        forget(self)  # its roles and its new access_version


def add_authenticator(user: User) -> TOTPDevice:
    """Give a user a confirmed authenticator app (for two-factor tests)."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
