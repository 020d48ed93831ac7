from django.core.management.base import BaseCommand

from demo.seed import DEMO_PASSWORD, PEOPLE, seed_demo


class Command(BaseCommand):
    help = "Create demo people, rubrics, templates, requisitions and loops in every state. Safe to run again."

    def handle(self, *args, **options):
        report = seed_demo()
        if report.created:
            made = ", ".join(f"{count} {what}" for what, count in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data created: {made}."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(f"\nSign in at http://127.0.0.1:8000/ with any of these (password for all: {DEMO_PASSWORD}):")
        for username, name, role_codes, _ in PEOPLE:
            self.stdout.write(f"  {username:<12} {name:<18} {', '.join(role_codes)}")
