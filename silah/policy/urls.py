"""The policy app's URLs: the public policy, staff acknowledgements, editing and approval."""

from silah.policy import urls_ack, urls_edit, urls_public

app_name = "policy"

urlpatterns = [*urls_public.urlpatterns, *urls_ack.urlpatterns, *urls_edit.urlpatterns]
