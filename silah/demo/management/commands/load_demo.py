from django.conf import settings
from django.core.management.base import BaseCommand

from silah.demo.loader import STAFF, load_demo


class Command(BaseCommand):
    help = "Load the demo association (safe to run again) and print how to log in."

    def handle(self, *args, **options) -> None:
        login = load_demo()
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Silah's demo association is ready."))
        self.stdout.write(f"  Open {site}/ and log in as:")
        self.stdout.write(f"    username: {login.username}")
        self.stdout.write(f"    password: {login.password}")
        self.stdout.write(f"  Association: {login.association}")
        others = ", ".join(username for username, *_rest in STAFF)
        self.stdout.write(f"  Other demo staff (same password): {others}")
        self.stdout.write("")
