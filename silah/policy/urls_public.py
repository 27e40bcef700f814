"""URL patterns of the policy app (public pages)."""

urlpatterns: list = []
