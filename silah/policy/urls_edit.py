"""URL patterns of the policy app (edit pages)."""

urlpatterns: list = []
