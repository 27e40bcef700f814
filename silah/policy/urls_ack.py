"""URL patterns of the policy app (ack pages)."""

urlpatterns: list = []
