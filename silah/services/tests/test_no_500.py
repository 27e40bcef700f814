"""Random text in any field of the catalogue's and programmes' forms gives a page, never a
500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silah.accounts.factories import UserFactory
from silah.registry.factories import BeneficiaryFactory
from silah.services.factories import (
    EnrollmentFactory,
    ProgrammeFactory,
    ServiceFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="٠١٢٣٤٥٦٧٨٩/-. هـم", max_size=15),
    st.sampled_from(["", " ", "0", "-1", "1447/13/40", "٢٠٢٦/٠٤/٠٥", "x" * 500, "99999999999"]),
)
SLOW = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _fuzz(client, url, names):
    @SLOW
    @given(data=st.fixed_dictionaries(dict.fromkeys(names, texts)))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data, response.status_code)

    post()


def test_random_text_in_the_catalogue_and_programme_forms_never_gives_a_500():
    manager = UserFactory(roles=["manager"])
    client = Client()
    client.force_login(manager)
    service = ServiceFactory(requirements=1)
    programme = ProgrammeFactory()
    session = SessionFactory(programme=programme)
    enrollment = EnrollmentFactory(programme=programme, beneficiary=BeneficiaryFactory())
    requirement_fields = [
        f"requirements-0-{name}" for name in ("id", "kind", "label", "document_type", "help_text")
    ]
    management = ["requirements-TOTAL_FORMS", "requirements-INITIAL_FORMS"]
    for url, with_requirements in (
        (reverse("services:service_new"), True),
        (reverse("services:service_edit", args=[service.pk]), True),
        (reverse("services:programme_new"), False),
        (reverse("services:programme_edit", args=[programme.pk]), False),
    ):
        names = list(client.get(url).context["form"].fields)
        if with_requirements:
            names += requirement_fields + management
        _fuzz(client, url, names)
    _fuzz(
        client,
        reverse("services:session_new", args=[programme.pk]),
        ["date", "starts_at", "ends_at", "topic", "place"],
    )
    _fuzz(client, reverse("services:enroll", args=[programme.pk]), ["file_number", "enroll"])
    _fuzz(client, reverse("services:enrollment_action", args=[enrollment.pk]), ["action", "note"])
    _fuzz(client, reverse("services:attendance", args=[session.pk]), [f"mark-{enrollment.pk}"])
