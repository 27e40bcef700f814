from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from silah.audit import queries


@require_safe
@login_required
def record_history(
    request: HttpRequest, app_label: str, model: str, object_id: str
) -> HttpResponse:
    """A record's change history and read log, for those allowed to audit.

    Opening this page is not logged as a read of the record: it shows who changed and who
    read the record, not the record's file (see docs/audit.md).
    """
    record = queries.get_record_for(request.user, app_label, model, object_id)
    changes_page, changes = queries.change_page(
        record, request.GET.get("changes_page"), viewer=request.user
    )
    reads_page = queries.read_page(record, request.GET.get("reads_page"))
    return render(
        request,
        "audit/record_history.html",
        {
            "record": record,
            "changes_page": changes_page,
            "changes": changes,
            "reads_page": reads_page,
        },
    )
