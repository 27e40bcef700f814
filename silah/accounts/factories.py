"""Factories for staff and branches, used by every app's tests."""

import factory
from django.contrib.auth.models import Group

from silah.accounts.models import Branch, User


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"فرع {n}")
    city = "الليث"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "سارة"
    last_name = "الحربي"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        """UserFactory(roles=["manager"]) puts the user in those roles' groups."""
        if not create or not extracted:
            return
        for code in extracted:
            self.groups.add(Group.objects.get(role__code=code))
        self.save()
