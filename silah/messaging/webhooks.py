"""HTTP endpoints the providers call: delivery receipts and replies. No login, no CSRF:
each is verified as its provider does (a shared secret for the SMS providers, Meta's
``X-Hub-Signature-256`` for WhatsApp). They answer 403 when the check fails, 400 for a body
they cannot read, and 200 otherwise (also for a receipt about a message Silah does not
know: a provider must not retry it for ever)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from silah.messaging import inbound

SMS_PROVIDERS = {"unifonic", "taqnyat", "msegat"}


def _fields(request: HttpRequest) -> dict[str, Any] | None:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None
    return {key: request.POST.get(key) for key in request.POST}


def _first(data: dict[str, Any], *names: str) -> str:
    for name in names:
        value = data.get(name)
        if value not in (None, ""):
            return str(value)
    return ""


def _sms_allowed(request: HttpRequest, data: dict[str, Any], provider: str) -> bool:
    given = request.headers.get("X-Silah-Secret") or str(data.get("secret") or "")
    return provider in SMS_PROVIDERS and inbound.secret_matches(
        given, settings.SILAH_SMS_WEBHOOK_SECRET
    )


@csrf_exempt
@require_POST
def sms_receipt(request: HttpRequest, provider: str) -> HttpResponse:
    data = _fields(request)
    if data is None:
        return JsonResponse({"ok": False}, status=400)
    if not _sms_allowed(request, data, provider):
        return JsonResponse({"ok": False}, status=403)
    status = _first(data, "status", "Status", "dlrStatus", "DLR")
    if not status:
        return JsonResponse({"ok": False}, status=400)
    message = inbound.record_receipt(
        provider=provider,
        provider_message_id=_first(data, "messageId", "MessageID", "message_id", "id"),
        key=_first(data, "correlationId", "CorrelationID", "correlation_id"),
        status=status,
    )
    return JsonResponse({"ok": True, "matched": message is not None})


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest, provider: str) -> HttpResponse:
    data = _fields(request)
    if data is None:
        return JsonResponse({"ok": False}, status=400)
    if not _sms_allowed(request, data, provider):
        return JsonResponse({"ok": False}, status=403)
    sender = _first(data, "from", "From", "sender", "Sender", "mobile", "number")
    body = _first(data, "body", "Body", "text", "msg", "message")
    if not sender or not body:
        return JsonResponse({"ok": False}, status=400)
    inbound.record_reply(
        channel="sms",
        provider=provider,
        sender=sender,
        body=body,
        provider_message_id=_first(data, "messageId", "MessageID", "id"),
    )
    return JsonResponse({"ok": True})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":  # Meta's subscription check
        token = request.GET.get("hub.verify_token", "")
        if request.GET.get("hub.mode") == "subscribe" and inbound.secret_matches(
            token, settings.SILAH_WHATSAPP_VERIFY_TOKEN
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponse(status=403)
    if not inbound.signature_matches(
        request.body,
        request.headers.get("X-Hub-Signature-256", ""),
        settings.SILAH_WHATSAPP_APP_SECRET,
    ):
        return HttpResponse(status=403)
    try:
        payload = json.loads(request.body)
        changes = [
            change.get("value") or {}
            for entry in payload.get("entry", [])
            for change in entry.get("changes", [])
        ]
    except (ValueError, AttributeError, TypeError):
        return HttpResponse(status=400)
    for value in changes:
        for status in value.get("statuses") or []:
            inbound.record_receipt(
                provider="whatsapp",
                provider_message_id=str(status.get("id") or ""),
                status=str(status.get("status") or ""),
            )
        for message in value.get("messages") or []:
            text = (message.get("text") or {}).get("body") or (
                (message.get("button") or {}).get("text") or ""
            )
            if not text:
                continue
            when = None
            if str(message.get("timestamp") or "").isdigit():
                when = datetime.fromtimestamp(int(message["timestamp"]), tz=UTC)
            inbound.record_reply(
                channel="whatsapp",
                provider="whatsapp",
                sender=str(message.get("from") or ""),
                body=text,
                provider_message_id=str(message.get("id") or ""),
                received_at=when,
            )
    return HttpResponse(status=200)
