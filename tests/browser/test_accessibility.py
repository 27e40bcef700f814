"""axe-core on every HTML page Silah serves, in Arabic and in English.

The URL patterns are enumerated: each named pattern must either be visited here (PAGES) or
be declared not to be an HTML page (NOT_PAGES, with the reason). A new page that is in
neither makes `test_every_url_pattern_is_visited_or_declared` fail, so every later page is
covered by construction.
"""

import json
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp

from silah.accounts import twofactor
from silah.accounts.factories import BranchFactory, UserFactory
from silah.core.models import Holiday, WorkerPing
from silah.core.services import add_holiday
from silah.messaging import outbox
from silah.messaging.models import Announcement, CallTask, Template
from silah.policy import services as policy_services
from silah.policy.presets import create_association_from_preset
from silah.policy.rules import RULE_GROUPS
from silah.registry import services as registry_services
from silah.registry.documents import upload_document
from silah.registry.factories import BeneficiaryFactory, category, registration_fields
from silah.registry.models import DocumentType, DuplicateCandidate, DuplicateScan
from silah.registry.services import grant_consent
from tests.browser.conftest import ARTIFACTS, log_in, run_axe


@dataclass(frozen=True)
class Visit:
    who: str  # a key of the `world` users, or "anonymous"
    path: object  # a string, or a function of the world returning the path


NOT_PAGES = {
    "set_language": "POST-only redirect",
    "healthz": "JSON for load balancers",
    "javascript-catalog": "JavaScript",
    "core:date_preview": "POST-only htmx fragment, shown inside the pages that have a date field",
    "accounts:logout": "POST-only redirect",
    "policy:published_pdf": "PDF",
    "policy:version_pdf": "PDF",
    "policy:print_draft": "PDF",
    "policy:start_draft": "POST-only redirect",
    "policy:remind": "POST-only redirect",
    "policy:organization_logo": "image",
    "policy:tool_file": "file download",
    "registry:document_file": "file download (PDF or image)",
    "registry:attestation_pdf": "PDF",
    "registry:consent_change": "POST-only; an error shows the consent page, visited as registry:consent",
    "registry:attest_on_screen": "POST-only; an error shows the consent page, visited as registry:consent",
    "registry:attest_on_paper": "POST-only; an error shows the consent page, visited as registry:consent",
    "registry:privacy_request_start": "POST-only redirect",
    "registry:privacy_copy_pdf": "PDF",
    "registry:privacy_copy_json": "JSON download",
    "registry:privacy_hold": "POST-only redirect",
    "registry:privacy_release": "POST-only redirect",
    "messaging:resend": "POST-only redirect",
    "messaging:print_batch": "POST-only redirect",
    "messaging:batch_pdf": "PDF",
    "messaging:sms_receipt": "provider callback (JSON)",
    "messaging:sms_inbound": "provider callback (JSON)",
    "messaging:whatsapp_hook": "provider callback",
    "registry:duplicates_export": "file download (CSV or Excel)",
    "registry:export": "POST-only Excel download",
    "registry:import_template": "Excel download",
    "registry:import_report": "CSV download",
    "registry:import_progress": "htmx fragment polled inside the import batch page",
    "registry:import_mapping": "POST-only, shown on the import batch page",
    "registry:import_run": "POST-only redirect",
    "registry:import_cancel": "POST-only redirect",
    "services:service_deactivate": "POST-only redirect",
    "services:service_reactivate": "POST-only redirect",
    "services:enroll": "POST-only; an error shows the programme page, visited as services:programme",
    "services:enrollment_action": "POST-only redirect",
    "services:session_new": "POST-only; an error shows the programme page, visited as services:programme",
    "services:session_remove": "POST-only redirect",
    "applications:intake_submit": "POST-only; an error shows the intake page, visited as applications:intake",
    "applications:action": "POST-only; an error shows the request page, visited as applications:detail",
    "applications:visit_action": "POST-only; an error shows the visit page, visited as applications:visit",
    "applications:refer_from_file": "POST-only; an error shows the file's tab, visited as applications:file_tab",
    "applications:receipt_pdf": "PDF",
    "applications:decision_pdf": "PDF",
    "applications:deliveries_export": "Excel download",
    "committees:member_add": "POST-only; an error shows the committee page",
    "committees:member_role": "POST-only redirect",
    "committees:member_remove": "POST-only redirect",
    "committees:meeting_new": "POST-only; an error shows the committee page",
    "committees:meeting_hold": "POST-only redirect",
    "committees:meeting_reschedule": "POST-only; an error shows the meeting page",
    "committees:meeting_cancel": "POST-only; an error shows the meeting page",
    "committees:agenda_build": "POST-only redirect",
    "committees:attendance": "POST-only; an error shows the meeting page",
    "committees:meeting_close": "POST-only redirect",
    "committees:minutes_pdf": "PDF",
    "committees:item_votes": "POST-only; an error shows the meeting page",
    "committees:item_decide": "POST-only; an error shows the meeting page",
    "committees:item_remove": "POST-only redirect",
    "committees:my_vote": "POST-only; an error shows the member's meeting page",
    "committees:my_approve": "POST-only redirect",
}

PAGES = {
    "core:dashboard": Visit("admin", "/"),
    "core:worker_check": Visit("admin", "/worker/check/"),
    "core:worker_check_status": Visit("admin", lambda w: f"/worker/check/{w['ping'].pk}/"),
    "core:holidays": Visit("admin", "/calendar/?year=2026"),
    "core:calendar_settings": Visit("admin", "/calendar/settings/"),
    "core:holiday_add": Visit("admin", "/calendar/holidays/add/"),
    "core:holiday_correct": Visit("admin", lambda w: f"/calendar/holidays/{w['eid'].pk}/correct/"),
    "core:holiday_confirm": Visit("admin", lambda w: f"/calendar/holidays/{w['eid'].pk}/confirm/"),
    "core:holiday_remove": Visit(
        "admin", lambda w: f"/calendar/holidays/{w['closure'].pk}/remove/"
    ),
    "accounts:login": Visit("anonymous", "/accounts/login/"),
    "accounts:profile": Visit("admin", "/accounts/profile/"),
    "accounts:password_change": Visit("admin", "/accounts/password/change/"),
    "accounts:password_reset": Visit("anonymous", "/accounts/password/reset/"),
    "accounts:password_reset_done": Visit("anonymous", "/accounts/password/reset/sent/"),
    "accounts:password_reset_confirm": Visit("anonymous", lambda w: w["reset_path"]),
    "accounts:password_reset_complete": Visit("anonymous", "/accounts/password/reset/done/"),
    "accounts:two_factor_setup": Visit("admin", "/accounts/two-factor/setup/"),
    "accounts:two_factor_verify": Visit("otp", "/accounts/two-factor/verify/"),
    "accounts:two_factor_backup_codes": Visit("otp", "/accounts/two-factor/backup-codes/"),
    "accounts:two_factor_disable": Visit("otp", "/accounts/two-factor/disable/"),
    "accounts:staff_list": Visit("admin", "/accounts/staff/"),
    "accounts:staff_create": Visit("admin", "/accounts/staff/new/"),
    "accounts:staff_edit": Visit("admin", lambda w: f"/accounts/staff/{w['clerk'].pk}/"),
    "accounts:staff_deactivate": Visit(
        "admin", lambda w: f"/accounts/staff/{w['clerk'].pk}/deactivate/"
    ),
    "accounts:staff_reset_two_factor": Visit(
        "admin", lambda w: f"/accounts/staff/{w['otp_user'].pk}/reset-two-factor/"
    ),
    "accounts:branch_list": Visit("admin", "/accounts/branches/"),
    "accounts:branch_create": Visit("admin", "/accounts/branches/new/"),
    "accounts:branch_edit": Visit("admin", lambda w: f"/accounts/branches/{w['branch'].pk}/"),
    "accounts:role_list": Visit("admin", "/accounts/roles/"),
    "accounts:role_edit": Visit("admin", "/accounts/roles/manager/"),
    "policy:published": Visit("anonymous", "/policy/"),
    "policy:version": Visit("anonymous", lambda w: f"/policy/versions/{w['old_policy'].number}/"),
    "policy:acknowledge": Visit("newcomer", "/policy/acknowledge/"),
    "policy:acknowledgements": Visit("hr", "/policy/acknowledgements/"),
    "policy:manage": Visit("admin", "/policy/manage/"),
    "policy:organization": Visit("admin", "/policy/manage/organization/"),
    "policy:draft": Visit("board", lambda w: f"/policy/manage/drafts/{w['draft'].pk}/"),
    "policy:edit_sections": Visit(
        "admin", lambda w: f"/policy/manage/drafts/{w['draft'].pk}/sections/"
    ),
    "policy:edit_rules": Visit(
        "admin",
        lambda w: [
            f"/policy/manage/drafts/{w['draft'].pk}/rules/{group}/" for group in RULE_GROUPS
        ],
    ),
    "policy:compare": Visit("admin", lambda w: f"/policy/manage/drafts/{w['draft'].pk}/compare/"),
    "policy:approve": Visit("admin", lambda w: f"/policy/manage/drafts/{w['draft'].pk}/approve/"),
    "policy:discard": Visit("admin", lambda w: f"/policy/manage/drafts/{w['draft'].pk}/discard/"),
    "messaging:templates": Visit("admin", "/messages/templates/"),
    "messaging:template_edit": Visit(
        "admin", lambda w: f"/messages/templates/{w['message_template'].pk}/"
    ),
    "messaging:file_messages": Visit(
        "manager", lambda w: f"/messages/beneficiary/{w['beneficiary'].pk}/"
    ),
    "messaging:work": Visit("manager", "/messages/work/"),
    "messaging:record_call": Visit("manager", lambda w: f"/messages/calls/{w['call_task'].pk}/"),
    "messaging:announcements": Visit("manager", "/messages/announcements/"),
    "messaging:announcement_new": Visit("manager", "/messages/announcements/new/"),
    "messaging:announcement": Visit(
        "manager", lambda w: f"/messages/announcements/{w['announcement'].pk}/"
    ),
    "messaging:demo": Visit("manager", "/messages/demo/"),
    "audit:record_history": Visit("manager", lambda w: f"/audit/accounts/branch/{w['branch'].pk}/"),
    "registry:documents": Visit(
        "manager", lambda w: f"/beneficiaries/{w['beneficiary'].pk}/documents/"
    ),
    "registry:document_replace": Visit(
        "manager",
        lambda w: f"/beneficiaries/{w['beneficiary'].pk}/documents/{w['document'].uid}/replace/",
    ),
    "registry:document_delete": Visit(
        "manager",
        lambda w: f"/beneficiaries/{w['beneficiary'].pk}/documents/{w['document'].uid}/delete/",
    ),
    "registry:consent": Visit(
        "manager", lambda w: f"/beneficiaries/{w['beneficiary'].pk}/consent/"
    ),
    "registry:privacy_requests": Visit("manager", "/beneficiaries/privacy/requests/?status=all"),
    "registry:privacy_request_new": Visit("manager", "/beneficiaries/privacy/requests/new/"),
    "registry:privacy_request": Visit(
        "manager", lambda w: f"/beneficiaries/privacy/requests/{w['privacy_request'].pk}/"
    ),
    "registry:privacy_request_action": Visit(
        "manager",
        lambda w: [
            f"/beneficiaries/privacy/requests/{w['privacy_request'].pk}/{action}/"
            for action in ("answer", "refuse", "extend")
        ],
    ),
    "registry:privacy_copy": Visit(
        "manager", lambda w: f"/beneficiaries/privacy/requests/{w['privacy_request'].pk}/copy/"
    ),
    "registry:privacy_destroy": Visit(
        "manager", lambda w: f"/beneficiaries/privacy/requests/{w['destroy_request'].pk}/destroy/"
    ),
    "registry:privacy_retention": Visit("manager", "/beneficiaries/privacy/retention/"),
    "registry:privacy_breaches": Visit("manager", "/beneficiaries/privacy/breaches/"),
    "registry:privacy_breach_new": Visit("manager", "/beneficiaries/privacy/breaches/new/"),
    "registry:privacy_breach": Visit(
        "manager", lambda w: f"/beneficiaries/privacy/breaches/{w['breach'].pk}/"
    ),
    "registry:privacy_breach_notify": Visit(
        "manager",
        lambda w: [
            f"/beneficiaries/privacy/breaches/{w['breach'].pk}/notify/{who}/"
            for who in ("regulator", "people")
        ],
    ),
    "registry:duplicates": Visit("manager", "/beneficiaries/duplicates/"),
    "registry:duplicate_compare": Visit(
        "manager", lambda w: f"/beneficiaries/duplicates/{w['duplicate'].pk}/"
    ),
    "registry:duplicate_merge": Visit(
        "manager", lambda w: f"/beneficiaries/duplicates/{w['duplicate'].pk}/merge/"
    ),
    "registry:duplicate_different": Visit(
        "manager", lambda w: f"/beneficiaries/duplicates/{w['duplicate'].pk}/different/"
    ),
    "registry:duplicate_scan_start": Visit("manager", "/beneficiaries/duplicates/scan/"),
    "registry:duplicate_scan": Visit(
        "manager", lambda w: f"/beneficiaries/duplicates/scan/{w['scan'].pk}/"
    ),
    "registry:list": Visit("manager", "/beneficiaries/?sort=name"),
    "registry:create": Visit("manager", "/beneficiaries/new/"),
    "registry:file": Visit("manager", lambda w: f"/beneficiaries/{w['head'].pk}/"),
    "registry:household": Visit("manager", lambda w: f"/beneficiaries/{w['head'].pk}/household/"),
    "registry:history": Visit("manager", lambda w: f"/beneficiaries/{w['head'].pk}/history/"),
    "registry:edit": Visit("manager", lambda w: f"/beneficiaries/{w['head'].pk}/edit/"),
    "registry:change_status": Visit("manager", lambda w: f"/beneficiaries/{w['head'].pk}/status/"),
    "registry:household_create": Visit(
        "manager", lambda w: f"/beneficiaries/{w['single'].pk}/household/new/"
    ),
    "registry:member_add": Visit(
        "manager", lambda w: f"/beneficiaries/{w['head'].pk}/household/members/add/"
    ),
    "registry:member_register": Visit(
        "manager", lambda w: f"/beneficiaries/{w['head'].pk}/household/members/new/"
    ),
    "registry:member_move": Visit(
        "manager", lambda w: f"/beneficiaries/{w['head'].pk}/household/move/"
    ),
    "registry:housing": Visit(
        "manager", lambda w: f"/beneficiaries/{w['head'].pk}/household/housing/"
    ),
    "registry:incomes": Visit(
        "manager", lambda w: f"/beneficiaries/{w['head'].pk}/household/incomes/"
    ),
    "registry:obligations": Visit(
        "manager", lambda w: f"/beneficiaries/{w['head'].pk}/household/obligations/"
    ),
    "registry:import_upload": Visit("manager", "/beneficiaries/import/"),
    "registry:import_batch": Visit(
        "manager",
        lambda w: [
            f"/beneficiaries/import/{w['import_mapping'].pk}/",
            f"/beneficiaries/import/{w['import_previewed'].pk}/",
            f"/beneficiaries/import/{w['import_busy'].pk}/",
        ],
    ),
    "services:public_catalogue": Visit("anonymous", "/services/catalogue/"),
    "services:public_service": Visit(
        "anonymous", lambda w: f"/services/catalogue/{w['service'].code}/"
    ),
    "services:catalogue": Visit("manager", "/services/"),
    "services:service_new": Visit("manager", "/services/new/"),
    "services:service_edit": Visit("manager", lambda w: f"/services/{w['service'].pk}/"),
    "services:programmes": Visit("manager", "/services/programmes/"),
    "services:programme_new": Visit("manager", "/services/programmes/new/"),
    "services:programme": Visit("manager", lambda w: f"/services/programmes/{w['programme'].pk}/"),
    "services:programme_edit": Visit(
        "manager", lambda w: f"/services/programmes/{w['programme'].pk}/edit/"
    ),
    "services:attendance": Visit("manager", lambda w: f"/services/sessions/{w['session'].pk}/"),
    "applications:queues": Visit(
        "manager",
        [
            f"/requests/?tab={tab}"
            for tab in (
                "intake",
                "completion",
                "routing",
                "visits",
                "committee",
                "decision",
                "delivery",
                "late",
            )
        ],
    ),
    "applications:intake": Visit(
        "manager",
        lambda w: [
            "/requests/intake/",
            f"/requests/intake/?beneficiary={w['app_newcomer'].pk}",
            f"/requests/intake/?beneficiary={w['app_newcomer'].pk}&service={w['app_service'].pk}",
        ],
    ),
    "applications:detail": Visit(
        "manager",
        lambda w: [
            f"/requests/{w[key].pk}/"
            for key in ("app_received", "app_in_research", "app_in_review", "app_in_delivery")
        ],
    ),
    "applications:visit": Visit("manager", lambda w: f"/requests/{w['app_in_research'].pk}/visit/"),
    "applications:my_visits": Visit("researcher", "/requests/visits/"),
    "applications:deliver": Visit(
        "manager", lambda w: f"/requests/{w['app_in_delivery'].pk}/deliver/"
    ),
    "applications:handover": Visit(
        "manager", lambda w: f"/requests/handover/?from_user={w['researcher'].pk}"
    ),
    "applications:referrals": Visit("manager", "/requests/referrals/"),
    "applications:referral_answer": Visit(
        "manager", lambda w: f"/requests/referrals/{w['app_referral'].pk}/"
    ),
    "applications:file_tab": Visit(
        "manager", lambda w: f"/requests/beneficiary/{w['app_in_delivery'].beneficiary_id}/"
    ),
    "applications:deliveries": Visit("manager", "/requests/deliveries/"),
    "committees:list": Visit("manager", "/committees/"),
    "committees:new": Visit("manager", "/committees/new/"),
    "committees:committee": Visit("manager", lambda w: f"/committees/{w['committee'].pk}/"),
    "committees:edit": Visit("manager", lambda w: f"/committees/{w['committee'].pk}/edit/"),
    "committees:meeting": Visit(
        "secretary",
        lambda w: [
            f"/committees/meetings/{w[key].pk}/"
            for key in ("meeting", "closed_meeting", "planned_meeting", "cancelled_meeting")
        ],
    ),
    "committees:my_meetings": Visit("secretary", "/committees/my/"),
    "committees:my_meeting": Visit(
        "secretary",
        lambda w: [
            f"/committees/my/meetings/{w[key].pk}/" for key in ("meeting", "closed_meeting")
        ],
    ),
}

# Error pages are HTML pages too.
ERROR_PAGES = [
    Visit("admin", "/no-such-page/"),  # 404
    Visit("clerk", "/calendar/"),  # 403
]


def url_pattern_names(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # Django's own admin, for the superuser only, not a Silah page
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or str(pattern.pattern)
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_pattern_is_visited_or_declared():
    names = set(url_pattern_names())
    missing = sorted(names - PAGES.keys() - NOT_PAGES.keys())
    assert missing == [], f"pages neither visited by the axe test nor declared: {missing}"
    stale = sorted((PAGES.keys() | NOT_PAGES.keys()) - names)
    assert stale == [], f"declared pages that no longer exist: {stale}"


@pytest.fixture
def world(settings, tmp_path):
    settings.SILAH_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    admin = UserFactory(username="axe_admin", first_name="ريم", roles=["administrator"])
    admin.is_superuser = True
    admin.save()
    manager = UserFactory(username="axe_manager", first_name="خالد", roles=["manager"])
    clerk = UserFactory(username="axe_clerk", first_name="نورة", roles=["relations_officer"])
    otp_user = UserFactory(username="axe_otp", first_name="فهد", roles=["manager"])
    device, _codes = twofactor.enable_two_factor(
        otp_user, key="3132333435363738393031323334353637383930"
    )
    hr = UserFactory(username="axe_hr", first_name="أمل", roles=["hr"])
    board = UserFactory(username="axe_board", first_name="محمد", roles=["board_member"])
    newcomer = UserFactory(username="axe_newcomer", first_name="سعد", roles=["relations_officer"])
    organization, old_policy = create_association_from_preset("amal_allith", actor=admin)
    draft = policy_services.start_draft(organization, actor=admin)
    policy_services.record_approval(
        draft, actor=admin, resolution_number="2026/5", approved_on=date(2026, 1, 31)
    )
    draft = policy_services.start_draft(organization, actor=admin)
    in_force = policy_services.version_in_force(organization)
    for user in (admin, manager, clerk, otp_user, hr, board):
        policy_services.acknowledge(in_force, user=user, typed_name="موظف الجمعية", confirmed=True)
    branch = BranchFactory(name="فرع الشواق")
    branch.name_en = "Al-Shawaq"
    branch.save()
    import_batches = _import_batches(manager, branch)
    uid = urlsafe_base64_encode(force_bytes(clerk.pk))
    privacy_world = _privacy_world(manager)
    reset_path = f"/accounts/password/reset/{uid}/{default_token_generator.make_token(clerk)}/"
    beneficiary = BeneficiaryFactory(branch=branch)
    document = upload_document(
        beneficiary,
        actor=manager,
        # Seeded by a migration; created again after a transactional test's flush.
        document_type=DocumentType.objects.get_or_create(
            code="id_copy", defaults={"name": "صورة الهوية", "expires": True}
        )[0],
        upload=SimpleUploadedFile("id.pdf", b"%PDF-1.4\n%%EOF\n"),
        expires_on=date(2020, 1, 1),
    )
    grant_consent(beneficiary, "awareness", actor=manager, how="in_person")
    to_call = BeneficiaryFactory(status="active", preferred_channel="call")
    call = outbox.send(event="demo", beneficiary=to_call, values={}, channel="call")
    outbox.drain()
    head, single = _registry_world(manager, branch)
    return {
        "beneficiary": beneficiary,
        "document": document,
        "message_template": Template.objects.get(event="demo", channel="sms", language="ar"),
        "call_task": CallTask.objects.get(message=call),
        "announcement": Announcement.objects.create(
            title="التسجيل الصيفي",
            text="يبدأ غدًا",
            segment="all_active",
            total=1,
            created_by=manager,
        ),
        "head": head,
        "single": single,
        "hr": hr,
        "board": board,
        "newcomer": newcomer,
        "old_policy": old_policy,
        "draft": draft,
        "admin": admin,
        "manager": manager,
        "clerk": clerk,
        "otp_user": otp_user,
        "otp_device": device,
        "branch": branch,
        "eid": Holiday.objects.filter(kind="eid_al_adha", start__year=2027).get(),
        "closure": add_holiday(
            kind="closure", name="الجرد السنوي", start=date(2026, 12, 6), days=2, actor=admin
        ),
        "ping": WorkerPing.objects.create(requested_by=admin),
        "reset_path": reset_path,
        "duplicate": DuplicateCandidate.objects.create(
            first=BeneficiaryFactory(branch=branch),
            second=BeneficiaryFactory(branch=branch, grandfather_name=""),
            score=0.97,
            match_weight=8.2,
            source="scan",
            explanation=[
                {"key": "first_name", "label": "الاسم الأول", "level": "متطابق", "weight": 4.1}
            ],
        ),
        "scan": DuplicateScan.objects.create(
            started_by=manager, state="running", progress=40, stage="مقارنة الملفات"
        ),
        **privacy_world,
        **import_batches,
        **_services_world(manager, branch, head),
        **_applications_world(manager, branch, in_force),
        **_committees_world(manager, in_force),
    }


def _applications_world(manager, branch, version):
    """Requests in each state a screen shows: received with its checklist to tick, in social
    research (a visit planned today), before management, in delivery; a referral; a
    beneficiary with no attestation for the intake screen."""
    from silah.applications import factories as app_factories
    from silah.applications import services as app_services
    from silah.applications import workflow
    from silah.applications.models import Application
    from silah.core.dates import today

    researcher = UserFactory(
        username="axe_researcher", first_name="سارة", roles=["social_researcher"]
    )
    policy_services.acknowledge(version, user=researcher, typed_name="موظف الجمعية", confirmed=True)
    service = app_factories.service_with_checklist(name="سلة غذائية", kind="in_kind")

    def receive(**kwargs):
        kwargs.setdefault("ticked", app_factories.everything_present(service))
        return workflow.receive(
            beneficiary=app_factories.ready_beneficiary(branch),
            service=service,
            actor=manager,
            channel="interview",
            **kwargs,
        )

    def research(application):
        return workflow.send_to_research(
            application,
            actor=manager,
            expected_version=application.row_version,
            researcher=researcher,
            planned_on=today(),
        )

    def review(application):
        application = research(application)
        application = workflow.record_visit(
            application,
            actor=researcher,
            expected_version=application.row_version,
            visited_on=today(),
            place="home",
            findings="أسرة من خمسة أفراد.",
            recommendation="approve",
        )
        application = workflow.submit_research(
            application, actor=researcher, expected_version=application.row_version
        )
        Application.objects.filter(pk=application.pk).update(deciding_body="management")
        application.refresh_from_db()
        return application

    in_delivery = review(receive())
    in_delivery = workflow.record_decision(
        in_delivery, actor=manager, expected_version=in_delivery.row_version, outcome="approve"
    )
    in_delivery = workflow.start_delivery(
        in_delivery, actor=manager, expected_version=in_delivery.row_version
    )
    received = receive(ticked=[])
    return {
        "researcher": researcher,
        "app_service": service,
        "app_newcomer": BeneficiaryFactory(branch=branch),
        "app_received": received,
        "app_in_research": research(receive()),
        "app_in_review": review(receive()),
        "app_in_delivery": in_delivery,
        "app_referral": app_services.refer(
            received.beneficiary, actor=manager, note="يسأل عن برنامج التدريب"
        ),
    }


def _committees_world(manager, in_force):
    """A committee whose secretary has a held meeting with an item pending (its attendance,
    votes and decision forms) and a closed one with minutes to approve."""
    from django.contrib.contenttypes.models import ContentType

    from silah.committees import services as committee_services
    from silah.committees.factories import MEETING_DAY, seated_committee
    from silah.committees.models import AgendaItem
    from silah.registry.models import Beneficiary

    seated = seated_committee(members=1, quorum=2, name="لجنة البحث")
    secretary = seated.secretary
    secretary.username, secretary.first_name = "axe_secretary", "هند"
    secretary.save()
    policy_services.acknowledge(in_force, user=secretary, typed_name="موظف الجمعية", confirmed=True)
    closed = committee_services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, place="مقر الجمعية", actor=secretary
    )
    committee_services.hold_meeting(closed, actor=secretary)
    committee_services.record_attendance(closed, present=seated.everyone, actor=secretary)
    committee_services.close_meeting(closed, actor=secretary)
    meeting = committee_services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, place="مقر الجمعية", actor=secretary
    )
    committee_services.hold_meeting(meeting, actor=secretary)
    committee_services.record_attendance(meeting, present=seated.everyone, actor=secretary)
    planned = committee_services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, place="مقر الجمعية", actor=secretary
    )
    cancelled = committee_services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, place="مقر الجمعية", actor=secretary
    )
    committee_services.cancel_meeting(cancelled, reason="تعذر اكتمال النصاب", actor=secretary)
    AgendaItem.objects.create(
        meeting=meeting,
        content_type=ContentType.objects.get_for_model(Beneficiary),
        object_id=BeneficiaryFactory().pk,
        summary="طلب مساعدة مالية",
    )
    return {
        "committee": seated.committee,
        "secretary": secretary,
        "meeting": meeting,
        "closed_meeting": closed,
        "planned_meeting": planned,
        "cancelled_meeting": cancelled,
    }


def _services_world(manager, branch, participant):
    """A service with a requirement of each kind, a paid programme with a session, one
    participant present and one waiting for the interview."""
    from silah.services.factories import (
        AttendanceFactory,
        EnrollmentFactory,
        ProgrammeFactory,
        RequirementFactory,
        ServiceFactory,
        SessionFactory,
        document_type,
    )

    service = ServiceFactory(code="financial-aid", name="المساعدة المالية")
    RequirementFactory(
        service=service,
        label="صورة الهوية الوطنية",
        kind="document",
        document_type=document_type("id_copy"),
    )
    RequirementFactory(service=service, label="تعريف بالراتب", is_mandatory=False)
    RequirementFactory(service=service, attestation=True)
    programme = ProgrammeFactory(
        paid=True, branch=branch, interview_required=True, rules="الالتزام بمواعيد الجلسات."
    )
    session = SessionFactory(programme=programme)
    enrollment = EnrollmentFactory(programme=programme, beneficiary=participant)
    AttendanceFactory(session=session, enrollment=enrollment)
    EnrollmentFactory(programme=programme, state="registered")
    return {"service": service, "programme": programme, "session": session}


def _privacy_world(manager):
    """A data-subject request of each kind the pages need, a held archived file, a breach."""
    from django.utils import timezone

    from silah.registry import breaches, privacy, retention
    from silah.registry.factories import BeneficiaryFactory
    from silah.registry.models import Breach, PrivacyRequest, Status

    def request_of(kind):
        return privacy.record_request(
            BeneficiaryFactory(),
            actor=manager,
            kind=kind,
            received_on=timezone.localdate(),
            channel=PrivacyRequest.Channel.PHONE,
            verification=PrivacyRequest.Verification.PHONE_QUESTIONS,
        )

    archived = BeneficiaryFactory(status=Status.ARCHIVED)
    retention.hold_file(archived, actor=manager, reason="شكوى مفتوحة")
    return {
        "privacy_request": request_of(PrivacyRequest.Kind.COPY),
        "destroy_request": request_of(PrivacyRequest.Kind.DESTROY),
        "breach": breaches.record_breach(
            actor=manager,
            discovered_at=timezone.now(),
            description="فُقد جهاز محمول عليه كشف مستفيدين",
            data_categories=[Breach.DataCategory.CONTACT],
            people_affected=12,
        ),
    }


def _registry_world(manager, branch):
    """A household of three (the head a widow with two orphans) and a person on her own."""
    head = registry_services.register_beneficiary(
        actor=manager,
        categories=[category("widow")],
        **registration_fields(
            branch=branch, first_name="مريم", family_name="الزهراني", sex="female"
        ),
    )
    household = registry_services.create_household(
        head, actor=manager, housing="rented", rent_amount="18000"
    )
    for first, relationship in (("عبدالله", "son"), ("جود", "daughter")):
        child = registry_services.register_beneficiary(
            actor=manager,
            categories=[category("orphan"), (category("disability"), "حركية")],
            **registration_fields(branch=branch, first_name=first, family_name="الزهراني"),
        )
        registry_services.add_member(household, child, relationship=relationship, actor=manager)
    registry_services.set_incomes(household, [("social_security", "2400")], actor=manager)
    registry_services.set_obligations(household, [("loan", "600")], actor=manager)
    registry_services.change_status(head, to="active", reason="اكتمل البحث", actor=manager)
    single = registry_services.register_beneficiary(
        actor=manager, **registration_fields(branch=branch, first_name="نورة")
    )
    return head, single


def _import_batches(manager, branch):
    """Import batches at the mapping step, previewed (with rows of each outcome), and busy."""
    from silah.registry.models import ImportBatch, ImportRow

    common = {"original_name": "كشف المستفيدين.xlsx", "uploaded_by": manager, "branch": branch}
    mapping = ImportBatch.objects.create(
        **common,
        status="mapping",
        headers=["الاسم", "رقم الهوية", "ملاحظات"],
        mapping={"0": "full_name", "1": "identity_number"},
        total_rows=3,
    )
    previewed = ImportBatch.objects.create(
        **common, status="previewed", total_rows=3, ok_rows=1, error_rows=1, duplicate_rows=1
    )
    ImportRow.objects.create(batch=previewed, row=2, status="ok")
    ImportRow.objects.create(
        batch=previewed,
        row=3,
        status="error",
        errors=[{"column": "رقم الهوية", "message": "رقم الهوية الوطنية يتكوّن من 10 أرقام."}],
    )
    ImportRow.objects.create(batch=previewed, row=4, status="duplicate", duplicate_of_row=2)
    busy = ImportBatch.objects.create(
        **common, status="previewing", progress_done=40, progress_total=100
    )
    return {"import_mapping": mapping, "import_previewed": previewed, "import_busy": busy}


def _log_in_as(page, live_server, world, who):
    if who == "anonymous":
        return
    if who == "otp":
        log_in(page, live_server, "axe_otp")
        page.goto(f"{live_server.url}/accounts/two-factor/verify/")
        return
    log_in(page, live_server, world[who].username)


def _verify_otp(page, world):
    device = world["otp_device"]
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("رمز التحقق").fill(code)
    page.get_by_role("button", name="تحقق").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_serious_or_critical_axe_violations_on_any_page(browser, live_server, world, language):
    prefix = "" if language == "ar" else "/en"
    problems: dict[str, object] = {}
    visits = sorted(PAGES.items(), key=lambda item: item[1].who) + [
        (f"error {visit.path}", visit) for visit in ERROR_PAGES
    ]
    contexts: dict[str, object] = {}
    for name, visit in visits:
        if visit.who not in contexts:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            _log_in_as(page, live_server, world, visit.who)
            contexts[visit.who] = (context, page)
        page = contexts[visit.who][1]
        paths = visit.path(world) if callable(visit.path) else visit.path
        if (
            visit.who == "otp"
            and name != "accounts:two_factor_verify"
            and "verified" not in contexts
        ):
            page.goto(f"{live_server.url}{prefix}/accounts/two-factor/verify/")
            _verify_otp(page, world) if language == "ar" else _verify_otp_en(page, world)
            contexts["verified"] = True
        for path in [paths] if isinstance(paths, str) else paths:
            key = name if isinstance(paths, str) else f"{name} {path}"
            response = page.goto(f"{live_server.url}{prefix}{path}")
            expected = 200
            if path == "/no-such-page/":
                expected = 404
            elif name.startswith("error /calendar"):
                expected = 403
            if response is None or response.status != expected:
                problems[key] = f"status {response.status if response else None} at {page.url}"
                continue
            assert page.locator("html").get_attribute("lang") == language, key
            violations = run_axe(page)
            if violations:
                problems[key] = violations
    for value in contexts.values():
        if isinstance(value, tuple):
            value[0].close()
    if problems:
        ARTIFACTS.mkdir(exist_ok=True)
        report = ARTIFACTS / f"axe-{language}.json"
        report.write_text(json.dumps(problems, ensure_ascii=False, indent=1), encoding="utf-8")
    assert problems == {}, f"see {ARTIFACTS}/axe-{language}.json"


def _verify_otp_en(page, world):
    device = world["otp_device"]
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.locator("input[name=code]").fill(code)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
