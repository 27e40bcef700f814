"""Fixtures of the request screens' tests: an association whose policy is in force and
acknowledged by everyone, two branches, one person per role, a service with a checklist and
a beneficiary with everything on file (the `world` fixture of this folder's conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from silah.accounts.factories import BranchFactory, UserFactory
from silah.applications import factories as f
from silah.applications import workflow
from silah.applications.models import Application
from silah.applications.tests.helpers import _counts
from silah.core import dates
from silah.policy import services as policy_services


@dataclass
class World:
    policy: Any
    branch: Any
    other_branch: Any
    officer: Any
    other_officer: Any
    manager: Any
    researcher: Any
    other_researcher: Any
    member: Any
    service: Any
    beneficiary: Any

    def acknowledge(self, *users: Any) -> None:
        for user in users:
            policy_services.acknowledge(
                self.policy, user=user, typed_name="موظف الجمعية", confirmed=True
            )

    def receive(self, beneficiary: Any = None, service: Any = None, **kwargs: Any):
        """A request received by the officer with every item present (complete when the
        beneficiary is ready)."""
        service = service or self.service
        kwargs.setdefault("ticked", f.everything_present(service))
        kwargs.setdefault("channel", "interview")
        return workflow.receive(
            beneficiary=beneficiary or self.beneficiary,
            service=service,
            actor=self.officer,
            **kwargs,
        )

    def in_research(self, application: Any = None):
        application = application or self.receive()
        return workflow.send_to_research(
            application,
            actor=self.manager,
            expected_version=application.row_version,
            researcher=self.researcher,
            planned_on=dates.today(),
        )

    def in_review(self, application: Any = None):
        application = self.in_research(application)
        application = workflow.record_visit(
            application,
            actor=self.researcher,
            expected_version=application.row_version,
            visited_on=dates.today(),
            place="home",
            findings="أسرة من خمسة أفراد في شقة مستأجرة.",
            recommendation="approve",
        )
        return workflow.submit_research(
            application, actor=self.researcher, expected_version=application.row_version
        )

    def approved(self, application: Any = None):
        application = self.in_review(application)
        return workflow.record_decision(
            application,
            actor=self.manager,
            expected_version=application.row_version,
            outcome="approve",
        )

    def in_delivery(self, application: Any = None):
        application = self.approved(application)
        return workflow.start_delivery(
            application, actor=self.officer, expected_version=application.row_version
        )


@contextmanager
def unchanged(application: Any) -> Iterator[None]:
    """The block leaves the request's row and every row of the requests, their clocks, the
    outbox and the documents as they were (whatever the response)."""
    before = _counts()
    row = Application.objects.filter(pk=application.pk).values().get()
    yield
    assert _counts() == before
    assert Application.objects.filter(pk=application.pk).values().get() == row


def make_world(settings: Any, tmp_path: Any, **rules: Any) -> World:
    settings.SILAH_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    rules.setdefault("decision", {"body": "management"})
    rules.setdefault("referral", {"kind": "officer", "name": "مسؤول البحث الاجتماعي"})
    policy = f.in_force_policy(**rules)
    branch = BranchFactory(name="فرع الليث")
    other_branch = BranchFactory(name="فرع القنفذة")
    world = World(
        policy=policy,
        branch=branch,
        other_branch=other_branch,
        officer=UserFactory(
            username="noura", first_name="نورة", roles=["relations_officer"], branches=[branch]
        ),
        other_officer=UserFactory(
            username="huda", first_name="هدى", roles=["relations_officer"], branches=[other_branch]
        ),
        manager=UserFactory(username="khaled", first_name="خالد", roles=["manager"]),
        researcher=UserFactory(username="sara", first_name="سارة", roles=["social_researcher"]),
        other_researcher=UserFactory(
            username="mona", first_name="منى", roles=["social_researcher"]
        ),
        member=UserFactory(username="fahd", first_name="فهد", roles=["committee_member"]),
        service=f.service_with_checklist(name="مساعدة مالية عاجلة"),
        beneficiary=f.ready_beneficiary(branch, district="حي الشاطئ", city="الليث"),
    )
    world.acknowledge(
        world.officer,
        world.other_officer,
        world.manager,
        world.researcher,
        world.other_researcher,
        world.member,
    )
    return world
