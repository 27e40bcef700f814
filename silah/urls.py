from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from silah.core import views as core_views
from silah.core import views_language

urlpatterns = [
    path("i18n/setlang/", views_language.set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("silah.core.urls")),
    path("accounts/", include("silah.accounts.urls")),
    path("audit/", include("silah.audit.urls")),
    path("policy/", include("silah.policy.urls")),
    path("beneficiaries/", include("silah.registry.urls")),
    path("messages/", include("silah.messaging.urls")),
    path("services/", include("silah.services.urls")),
    path("committees/", include("silah.committees.urls")),
    path("requests/", include("silah.applications.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "silah.core.views.bad_request"
handler403 = "silah.core.views.permission_denied"
handler404 = "silah.core.views.page_not_found"
handler500 = "silah.core.views.server_error"
