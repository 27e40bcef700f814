"""Errors are explained in Arabic, with the direction and language of the page set."""

import pytest
from django.test import RequestFactory

from silah.accounts.factories import UserFactory
from silah.core import views

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_an_arabic_404(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'lang="ar" dir="rtl"' in page
    assert "الصفحة غير موجودة" in page


def test_a_forbidden_page_is_an_arabic_403(client):
    client.force_login(UserFactory(username="clerk"))
    response = client.get("/calendar/")
    assert response.status_code == 403
    assert "ليست لديك صلاحية" in response.content.decode()


def test_the_500_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    assert "لم يُحفظ شيء" in response.content.decode()


def test_the_english_404_is_left_to_right(client):
    response = client.get("/en/no-such-page/")
    assert 'lang="en" dir="ltr"' in response.content.decode()
