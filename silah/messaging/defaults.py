"""The templates Silah ships: one per event, channel and language. Administrators edit them;
``seed_default_templates`` only adds what is missing, so an edit is never overwritten.

Letters and calls use the SMS text (``rendering.find_template`` falls back to it).
"""

from silah.messaging.events import Event

# event: (Arabic subject, Arabic body, English subject, English body)
TEXTS: dict[str, tuple[str, str, str, str]] = {
    Event.REQUEST_RECEIVED: (
        "استلمنا طلبك",
        "{name}، استلمت {organization} طلبك ({service}) برقم {reference}. سنخبرك بما يلزم.",
        "We received your request",
        "{name}, {organization} received your request ({service}), number {reference}.",
    ),
    Event.REQUEST_INCOMPLETE: (
        "طلبك ينقصه مستندات",
        "{name}، طلبك رقم {reference} لدى {organization} ينقصه: {missing_items}. "
        "أكمله ليبدأ احتساب موعد الرد.",
        "Your request is missing items",
        "{name}, your request {reference} at {organization} is missing: {missing_items}.",
    ),
    Event.REQUEST_COMPLETE: (
        "اكتمل طلبك",
        "{name}، اكتمل طلبك رقم {reference}، وتنظر فيه {deciding_body}، "
        "وموعد الرد عليه {deadline}. {organization}",
        "Your request is complete",
        "{name}, your request {reference} is complete; {deciding_body} will answer by "
        "{deadline}. {organization}",
    ),
    Event.DECISION_APPROVED: (
        "قبول طلبك",
        "{name}، نسعد بإبلاغك بقبول طلبك رقم {reference} ({service}). {organization}",
        "Your request is approved",
        "{name}, your request {reference} ({service}) is approved. {organization}",
    ),
    Event.DECISION_REJECTED: (
        "نتيجة طلبك",
        "{name}، نعتذر عن قبول طلبك رقم {reference}، والسبب: {reason}. "
        "يمكنك التواصل معنا للاستفسار أو التظلم. {organization}",
        "The decision on your request",
        "{name}, we are sorry: your request {reference} was not approved. Reason: {reason}. "
        "{organization}",
    ),
    Event.DELIVERY_SCHEDULED: (
        "موعد تقديم الخدمة",
        "{name}، موعد استلام {service} لطلبك رقم {reference}: {date} في {place}. {organization}",
        "Your service date",
        "{name}, {service} for request {reference}: {date} at {place}. {organization}",
    ),
    Event.REQUEST_RETURNED: (
        "طلبك يحتاج استكمالًا",
        "{name}، أعيد طلبك رقم {reference} لدى {organization} للاستكمال، والمطلوب: "
        "{missing_items}. يبدأ احتساب موعد الرد من جديد عند اكتماله.",
        "Your request needs completing",
        "{name}, your request {reference} at {organization} was returned for completion: "
        "{missing_items}.",
    ),
    Event.DELIVERY_READY: (
        "خدمتك جاهزة",
        "{name}، {service} لطلبك رقم {reference} جاهزة للتسليم، وسنتواصل معك لتحديد موعد "
        "الاستلام. {organization}",
        "Your service is ready",
        "{name}, {service} for your request {reference} is ready; we will contact you to "
        "arrange delivery. {organization}",
    ),
    Event.TICKET_RECEIVED: (
        "استلمنا رسالتك",
        "{name}، استلمت {organization} بلاغك رقم {reference}، وسنرد عليك قبل {deadline}.",
        "We received your message",
        "{name}, {organization} received your case {reference}; we will answer by {deadline}.",
    ),
    Event.TICKET_RESOLVED: (
        "تمت معالجة بلاغك",
        "{name}، تمت معالجة بلاغك رقم {reference}: {resolution}. {organization}",
        "Your case is resolved",
        "{name}, your case {reference} is resolved: {resolution}. {organization}",
    ),
    Event.SURVEY_INVITATION: (
        "شاركنا رأيك",
        "{name}، يسعد {organization} أن تشاركنا رأيك في خدماتها: {link}",
        "Tell us what you think",
        "{name}, {organization} would like your opinion of its services: {link}",
    ),
    Event.INFORMATION_UPDATE: (
        "تحديث بياناتك",
        "{name}، نرجو تحديث بياناتك لدى {organization} قبل {deadline}.",
        "Please update your details",
        "{name}, please update your details with {organization} before {deadline}.",
    ),
    Event.POLICY_VERSION: (
        "سياسة تنظيم العلاقة مع المستفيدين",
        "{name}، اعتمدت {organization} الإصدار {version} من سياسة تنظيم العلاقة مع "
        "المستفيدين، وتجده هنا: {link}",
        "Beneficiary relations policy",
        "{name}, {organization} approved version {version} of its beneficiary relations "
        "policy: {link}",
    ),
    Event.STAFF_REMINDER: (
        "تذكير",
        "{staff_name}، لديك {count}: {what}. {link}",
        "Reminder",
        "{staff_name}, you have {count}: {what}. {link}",
    ),
    Event.MEETING_NOTICE: (
        "{notice}: {committee} {meeting}",
        "{staff_name}، {notice}: اجتماع {committee} رقم {meeting}، {date}، {place}. {link}",
        "{notice}: {committee} {meeting}",
        "{staff_name}, {notice}: {committee}, meeting {meeting}, {date}, {place}. {link}",
    ),
    Event.MINUTES_AWAITING_APPROVAL: (
        "محضر ينتظر اعتمادك: {committee} {meeting}",
        "{staff_name}، محضر اجتماع {committee} رقم {meeting} المنعقد في {date} ينتظر "
        "اعتمادك. اقرأه واعتمده من هنا: {link}",
        "Minutes awaiting your approval: {committee} {meeting}",
        "{staff_name}, the minutes of {committee}, meeting {meeting} held on {date}, await "
        "your approval. Read and approve them here: {link}",
    ),
    Event.MINUTES_APPROVED: (
        "اكتمل اعتماد المحضر: {committee} {meeting}",
        "{staff_name}، اعتمد الحاضرون جميعًا ({count}) محضر اجتماع {committee} رقم {meeting} "
        "المنعقد في {date}. {link}",
        "Minutes fully approved: {committee} {meeting}",
        "{staff_name}, all {count} members present approved the minutes of {committee}, "
        "meeting {meeting} held on {date}. {link}",
    ),
    Event.ANNOUNCEMENT: (
        "إعلان من {organization}",
        "{name}، {text} — {organization}",
        "An announcement from {organization}",
        "{name}, {text} — {organization}",
    ),
    Event.DEMO: (
        "رسالة تجريبية",
        "{name}، هذه رسالة تجريبية من {organization} عبر صلة.",
        "A test message",
        "{name}, this is a test message from {organization} through Silah.",
    ),
}

CHANNELS = ("sms", "whatsapp", "email")


def default_rows():
    """(event, channel, language, subject, body) for every shipped template."""
    for event, (subject_ar, body_ar, subject_en, body_en) in TEXTS.items():
        for channel in CHANNELS:
            yield event, channel, "ar", subject_ar if channel == "email" else "", body_ar
            yield event, channel, "en", subject_en if channel == "email" else "", body_en


def seed_default_templates() -> int:
    """Add the shipped templates that are missing; returns how many were added."""
    from silah.messaging.models import Template

    existing = set(Template.objects.values_list("event", "channel", "language"))
    new = [
        Template(event=e, channel=c, language=lang, subject=s, body=b)
        for e, c, lang, s, b in default_rows()
        if (e, c, lang) not in existing
    ]
    Template.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
