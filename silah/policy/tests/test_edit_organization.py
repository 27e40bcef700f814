"""The administrator keeps the association's details: names, licence, contacts, logo and the
word its policy uses for the people it serves."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from silah.accounts.factories import UserFactory
from silah.policy.factories import OrganizationFactory
from silah.policy.models import Organization

pytestmark = pytest.mark.django_db

URL = reverse("policy:organization")


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="org_admin", roles=["administrator"]))
    return client


def _png(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(buffer, format="PNG")
    return buffer.getvalue()


def _form(**overrides):
    data = {
        "name": "جمعية آمال لذوي الإعاقة بمحافظة الليث",
        "name_en": "Amal Association",
        "licence_number": "5597",
        "licence_authority": "ncnp",
        "licence_authority_other": "",
        "region": "منطقة مكة المكرمة",
        "city": "الليث",
        "website": "https://amal.org.sa",
        "phone": "012 720 1234",
        "email": "info@amal.org.sa",
        "address": "الليث، حي الروضة",
        "beneficiary_term": "المستفيد",
        "beneficiary_term_plural": "المستفيدين",
        "beneficiary_term_en": "beneficiary",
    }
    data.update(overrides)
    return data


def _snapshot():
    return list(Organization.objects.values())


def test_the_first_save_creates_the_association(admin_client):
    assert admin_client.get(URL).status_code == 200
    response = admin_client.post(URL, _form())
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.name == "جمعية آمال لذوي الإعاقة بمحافظة الليث"
    assert organization.licence_number == "5597"


def test_a_landline_is_accepted_and_stored_in_international_form(admin_client):
    admin_client.post(URL, _form(phone="٠١٢٧٢٠١٢٣٤"))
    assert Organization.objects.get().phone == "+966127201234"


def test_saving_again_updates_the_same_association(admin_client):
    OrganizationFactory()
    admin_client.post(URL, _form(beneficiary_term="المستخدم", beneficiary_term_plural="المستخدمين"))
    organization = Organization.objects.get()
    assert organization.beneficiary_term == "المستخدم"
    assert organization.beneficiary_term_plural == "المستخدمين"


def test_a_logo_that_is_an_image_is_stored_and_shown(admin_client):
    logo = SimpleUploadedFile("logo.bin", _png(), content_type="application/octet-stream")
    response = admin_client.post(URL, {**_form(), "logo_upload": logo})
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.logo.name.endswith(".png")
    page = admin_client.get(URL).content.decode()
    assert reverse("policy:organization_logo") in page
    served = admin_client.get(reverse("policy:organization_logo"))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"


def test_a_logo_that_is_not_an_image_is_refused_at_the_field_and_nothing_saved(admin_client):
    OrganizationFactory()
    before = _snapshot()
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.7 not an image", content_type="image/png")
    response = admin_client.post(URL, {**_form(name="اسم آخر"), "logo_upload": fake})
    assert response.status_code == 200
    assert "الملف ليس صورة مقبولة" in str(response.context["form"].errors["logo_upload"])
    assert _snapshot() == before


def test_a_logo_over_one_megabyte_is_refused(admin_client):
    big = SimpleUploadedFile("logo.png", _png() + b"\0" * 1_000_001, content_type="image/png")
    response = admin_client.post(URL, {**_form(), "logo_upload": big})
    assert response.status_code == 200
    assert "1 ميجابايت" in str(response.context["form"].errors["logo_upload"])
    assert not Organization.objects.exists()


def test_the_logo_can_be_removed(admin_client):
    admin_client.post(URL, {**_form(), "logo_upload": SimpleUploadedFile("l.png", _png())})
    admin_client.post(URL, {**_form(), "remove_logo": "on"})
    assert not Organization.objects.get().logo


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("name", "", "اكتب اسم الجمعية."),
        ("phone", "hello", "بالأرقام"),
        ("phone", "8001234567", "رقم خدمة"),
        ("email", "not-an-address", "بريدًا إلكترونيًا صحيحًا"),
        ("website", "نص", "رابطًا صحيحًا"),
        ("beneficiary_term", "", "التسمية"),
        ("licence_authority", "ministry_of_magic", "ليس من الخيارات المتاحة"),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_saved(admin_client, field, value, message):
    OrganizationFactory()
    before = _snapshot()
    response = admin_client.post(URL, _form(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert _snapshot() == before


def test_another_licensing_body_must_be_named(admin_client):
    response = admin_client.post(URL, _form(licence_authority="other"))
    assert "اكتب اسم جهة الترخيص." in response.context["form"].errors["licence_authority_other"]
    assert not Organization.objects.exists()
