"""Staff who have not acknowledged the version in force are asked to, on their next page."""

from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import ResolverMatch, reverse

from silah.accounts.factories import UserFactory
from silah.accounts.models import User
from silah.policy import services
from silah.policy.factories import PolicyVersionFactory
from silah.policy.middleware import RequireAcknowledgementMiddleware
from silah.policy.models import Acknowledgement

pytestmark = pytest.mark.django_db

MIDDLEWARE_PATH = "silah.policy.middleware.RequireAcknowledgementMiddleware"
ACKNOWLEDGE = "/policy/acknowledge/"
DASHBOARD = "/"
PROFILE = "/accounts/profile/"


def with_acknowledgement_middleware(middleware: list[str]) -> list[str]:
    """settings.MIDDLEWARE with ours right after the two-factor middleware."""
    middleware = [name for name in middleware if name != MIDDLEWARE_PATH]
    at = middleware.index("silah.accounts.middleware.RequireTwoFactorMiddleware") + 1
    return [*middleware[:at], MIDDLEWARE_PATH, *middleware[at:]]


@pytest.fixture(autouse=True)
def ack_middleware(settings):
    settings.MIDDLEWARE = with_acknowledgement_middleware(list(settings.MIDDLEWARE))


@pytest.fixture
def in_force():
    return PolicyVersionFactory(in_force=True)


@pytest.fixture
def member():
    return UserFactory(username="officer_ack", roles=["relations_officer"])


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def test_the_acknowledgement_page_is_where_the_url_name_points():
    assert reverse("policy:acknowledge") == ACKNOWLEDGE


def test_a_member_who_has_not_acknowledged_is_sent_to_acknowledge_on_their_next_page(
    in_force, member_client
):
    response = member_client.get(PROFILE)
    assert response.status_code == 302
    assert response.url == f"{ACKNOWLEDGE}?next={quote(PROFILE, safe='')}"


def test_the_dashboard_after_login_leads_to_the_acknowledgement_too(in_force, member_client):
    response = member_client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(ACKNOWLEDGE)


def test_a_member_who_acknowledged_works_as_usual(in_force, member, member_client):
    services.acknowledge(in_force, user=member, typed_name="سارة الحربي", confirmed=True)
    assert member_client.get(PROFILE).status_code == 200


def test_a_superuser_is_asked_too(in_force, client):
    client.force_login(UserFactory(username="root_ack", is_superuser=True, is_staff=True))
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(ACKNOWLEDGE)


def test_no_version_in_force_asks_nothing(member_client):
    PolicyVersionFactory()  # a draft only
    assert member_client.get(PROFILE).status_code == 200


def test_anonymous_visitors_are_not_asked(in_force, client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert not response.url.startswith(ACKNOWLEDGE)


def test_a_post_elsewhere_is_sent_to_acknowledge_without_a_next(in_force, member_client):
    response = member_client.post(reverse("core:worker_check"))
    assert response.status_code == 302
    assert response.url == ACKNOWLEDGE


def test_the_acknowledgement_page_itself_is_not_redirected(in_force, member_client):
    assert member_client.get(ACKNOWLEDGE).status_code == 200


def _resolved_request(path: str, view_name: str, user):
    """A request as the middleware sees it in process_view: resolved to `view_name`."""
    request = RequestFactory().get(path)
    request.user = user
    *namespaces, url_name = view_name.split(":")
    request.resolver_match = ResolverMatch(
        lambda r: None, (), {}, url_name=url_name, namespaces=namespaces
    )
    return request


def _ask(request):
    return RequireAcknowledgementMiddleware(lambda r: None).process_view(
        request, lambda r: None, (), {}
    )


def _not_sent_to_acknowledge(response) -> bool:
    return not (response.status_code == 302 and response["Location"].startswith(ACKNOWLEDGE))


@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:login",
        "accounts:password_change",
        "accounts:password_reset",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "javascript-catalog",
        "healthz",
    ],
)
def test_login_password_two_factor_and_technical_pages_stay_open(in_force, member_client, url_name):
    assert _not_sent_to_acknowledge(member_client.get(reverse(url_name)))


def test_logging_out_stays_open(in_force, member_client):
    response = member_client.post(reverse("accounts:logout"))
    assert _not_sent_to_acknowledge(response)


def test_switching_language_stays_open(in_force, member_client):
    response = member_client.post(reverse("set_language"), {"language": "en", "next": PROFILE})
    assert _not_sent_to_acknowledge(response)


def test_static_files_stay_open(in_force, member_client):
    url = "/" + django_settings.STATIC_URL.lstrip("/") + "silah/silah.css"
    assert _not_sent_to_acknowledge(member_client.get(url))


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [
        ("policy:published", {}),
        ("policy:published_pdf", {}),
        ("policy:version", {"number": 1}),
        ("policy:version_pdf", {"number": 1}),
    ],
)
def test_the_public_policy_pages_stay_open(in_force, member_client, url_name, kwargs):
    url = reverse(url_name, kwargs=kwargs)
    assert _not_sent_to_acknowledge(member_client.get(url))


@pytest.mark.parametrize(
    "view_name",
    [
        "policy:acknowledge",
        "policy:published",
        "policy:published_pdf",
        "policy:version",
        "policy:version_pdf",
        "accounts:login",
        "accounts:logout",
        "accounts:password_reset_confirm",
        "accounts:two_factor_backup_codes",
        "set_language",
        "javascript-catalog",
        "healthz",
    ],
)
def test_exempt_pages_are_matched_by_url_name(in_force, member, view_name):
    assert _ask(_resolved_request("/somewhere/", view_name, member)) is None


def test_htmx_requests_get_an_hx_redirect_back_to_the_page_they_came_from(in_force, member_client):
    response = member_client.get(
        reverse("core:date_preview"),
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{PROFILE}"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{ACKNOWLEDGE}?next={quote(PROFILE, safe='')}"


def test_htmx_from_another_host_gets_no_next(in_force, member_client):
    response = member_client.get(
        reverse("core:date_preview"),
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/steal"},
    )
    assert response["HX-Redirect"] == ACKNOWLEDGE


def test_after_acknowledging_the_member_goes_back_where_they_were_going(
    in_force, member, member_client
):
    first = member_client.get(PROFILE)
    page = member_client.get(first.url)
    assert page.status_code == 200
    response = member_client.post(
        first.url,
        {
            "version": in_force.pk,
            "typed_name": "سارة الحربي",
            "confirmed": "on",
            "next": PROFILE,
        },
    )
    assert response.status_code == 302
    assert response.url == PROFILE
    assert member_client.get(PROFILE).status_code == 200
    assert Acknowledgement.objects.filter(user=member, version=in_force).exists()


# What it costs ------------------------------------------------------------------------------


def _queries_for_a_page(user, middleware: list[str], settings) -> int:
    settings.MIDDLEWARE = middleware
    client = Client()  # a new client loads the middleware as now set
    client.force_login(user)
    assert client.get(PROFILE).status_code == 200  # warm: session, permission caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROFILE).status_code == 200
    return len(queries.captured_queries)


def test_the_middleware_adds_at_most_one_query_to_a_page(
    in_force, member, settings, django_assert_max_num_queries
):
    services.acknowledge(in_force, user=member, typed_name="سارة الحربي", confirmed=True)
    with_it = list(settings.MIDDLEWARE)
    baseline = _queries_for_a_page(
        member, [name for name in with_it if name != MIDDLEWARE_PATH], settings
    )
    assert baseline > 0, baseline
    settings.MIDDLEWARE = with_it
    client = Client()
    client.force_login(member)
    client.get(PROFILE)
    with django_assert_max_num_queries(baseline + 1):
        assert client.get(PROFILE).status_code == 200


def test_the_check_is_read_once_per_request(in_force, member, django_assert_max_num_queries):
    request = _resolved_request(PROFILE, "accounts:profile", member)
    with django_assert_max_num_queries(5):  # the user's facts, read once (accounts/access.py)
        assert _ask(request).status_code == 302
    with django_assert_max_num_queries(0):
        assert _ask(request).status_code == 302


def test_the_next_page_asks_no_query(in_force, member, django_assert_num_queries):
    _ask(_resolved_request(PROFILE, "accounts:profile", member))
    again = User.objects.get(pk=member.pk)  # the next page's user, same facts
    with django_assert_num_queries(0):
        assert _ask(_resolved_request(PROFILE, "accounts:profile", again)).status_code == 302


def test_acknowledging_is_seen_on_the_next_page(in_force, member, django_assert_num_queries):
    _ask(_resolved_request(PROFILE, "accounts:profile", member))
    services.acknowledge(in_force, user=member, typed_name="سارة الحربي", confirmed=True)
    again = User.objects.get(pk=member.pk)
    assert _ask(_resolved_request(PROFILE, "accounts:profile", again)) is None


def test_without_a_version_in_force_nothing_is_required(member):
    request = _resolved_request(PROFILE, "accounts:profile", member)
    assert _ask(request) is None


def test_exempt_pages_cost_no_query(in_force, member, django_assert_num_queries):
    request = _resolved_request("/accounts/login/", "accounts:login", member)
    with django_assert_num_queries(0):
        assert _ask(request) is None
