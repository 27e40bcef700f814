"""The screens: templates for administrators, a person's messages, resend, calls, the demo."""

import pytest

from silah.accounts.factories import UserFactory
from silah.audit.models import AccessLog
from silah.messaging import outbox
from silah.messaging.events import Event
from silah.messaging.models import CallTask, Message, Status, Template

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(username="admin", roles=["administrator"])
    client.force_login(user)
    return user


@pytest.fixture
def manager(client):
    user = UserFactory(username="manager", roles=["manager"])
    client.force_login(user)
    return user


def test_administrator_sees_the_template_list(client, admin):
    assert client.get("/messages/templates/").status_code == 200


def test_a_relations_officer_may_not_edit_templates(client, db):
    client.force_login(UserFactory(roles=["relations_officer"]))
    assert client.get("/messages/templates/").status_code == 403


def test_saving_an_unknown_placeholder_shows_the_error_at_the_field(client, admin):
    template = Template.objects.get(event=Event.DEMO, channel="sms", language="ar")
    response = client.post(
        f"/messages/templates/{template.pk}/", {"body": "{nme} مرحبًا", "save": "1"}
    )
    assert response.status_code == 200
    assert "{nme}" in response.content.decode()
    template.refresh_from_db()
    assert "{nme}" not in template.body


def test_preview_shows_sample_data_and_sms_parts(client, admin):
    template = Template.objects.get(event=Event.DEMO, channel="sms", language="ar")
    response = client.post(
        f"/messages/templates/{template.pk}/", {"body": "{name}، أهلًا", "preview": "1"}
    )
    page = response.content.decode()
    assert "فاطمة، أهلًا" in page
    template.refresh_from_db()
    assert template.body != "{name}، أهلًا"


def test_a_persons_messages_tab_logs_the_read(client, manager, beneficiary):
    outbox.send(event=Event.DEMO, beneficiary=beneficiary, values={})
    response = client.get(f"/messages/beneficiary/{beneficiary.pk}/")
    assert response.status_code == 200
    assert "رسالة تجريبية" in response.content.decode()
    assert AccessLog.objects.filter(what="messages").exists()


def test_a_file_the_user_may_not_see_is_a_404(client, beneficiary, db):
    client.force_login(UserFactory(roles=["relations_officer"]))
    assert client.get(f"/messages/beneficiary/{beneficiary.pk}/").status_code == 404


def test_resend_of_someone_elses_message_is_a_404_and_changes_nothing(client, beneficiary, db):
    message = outbox.send(event=Event.DEMO, beneficiary=beneficiary, values={})
    Message.objects.filter(pk=message.pk).update(status=Status.DEAD)
    client.force_login(UserFactory(roles=["relations_officer"]))
    assert client.post(f"/messages/{message.pk}/resend/").status_code == 404
    message.refresh_from_db()
    assert message.status == Status.DEAD


def test_manager_resends_a_dead_message(client, manager, beneficiary):
    message = outbox.send(event=Event.DEMO, beneficiary=beneficiary, values={})
    Message.objects.filter(pk=message.pk).update(status=Status.DEAD, attempts=8)
    response = client.post(f"/messages/{message.pk}/resend/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 0)


def test_recording_a_call_from_the_work_screen(client, manager, beneficiary):
    outbox.send(event=Event.DEMO, beneficiary=beneficiary, values={}, channel="call")
    outbox.drain()
    task = CallTask.objects.get()
    assert "رسالة تجريبية" in client.get("/messages/work/").content.decode()
    client.post(f"/messages/calls/{task.pk}/", {"outcome": "تم الإبلاغ"})
    task.refresh_from_db()
    assert task.done_at is not None


def test_the_demo_writes_a_message_the_user_then_reads_in_the_file(client, manager, settings):
    manager.email = "manager@example.org"
    manager.save()
    client.post("/messages/demo/")
    outbox.drain()
    page = client.get("/messages/demo/").content.decode()
    assert "manager@example.org" in page
    assert "هذه رسالة تجريبية" in page


def test_announcement_preview_then_send(client, manager, beneficiary, monkeypatch):
    monkeypatch.setattr(
        "silah.registry.validation.enabled_contact_channels", lambda version=None: ["sms", "call"]
    )
    form = {"title": "إعلان", "text": "نص", "message_class": "awareness", "segment": "all_active"}
    page = client.post("/messages/announcements/new/", form | {"preview": "1"}).content.decode()
    assert "الرسائل النصية" in page
    response = client.post("/messages/announcements/new/", form | {"send": "1"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
