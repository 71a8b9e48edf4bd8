from datetime import time

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from interviews.booking import weekly_window_add
from interviews.models import Profile, WeeklyWindow
from interviews.services import reviewer_rounds_set
from questionbank.models import Domain, Level, RoundKind
from questionbank.roles import CURATORS_GROUP

DEMO_PASSWORD = "mockloop-demo"
DEMO_USERS = [
    # username, target level, domain, reviews?, curator?
    ("candidate", Level.MID, Domain.NLP, False, False),
    ("reviewer", Level.SENIOR, Domain.RECSYS, True, False),
    ("curator", Level.SENIOR, "", True, True),
]


class Command(BaseCommand):
    help = "Load the question bank and the demo accounts (idempotent). Never run this in production."

    def handle(self, *args: object, **options: object) -> None:
        call_command("load_bank")
        with transaction.atomic():
            curators = Group.objects.get_or_create(name=CURATORS_GROUP)[0]
            for username, level, domain, reviews, curates in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    username=username, defaults={"email": f"{username}@mockloop.invalid"}
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                user.is_staff = curates
                user.save()
                Profile.objects.update_or_create(
                    user=user,
                    defaults={"target_level": level, "target_domain": domain, "time_zone": "Europe/London"},
                )
                if reviews:
                    reviewer_rounds_set(user=user, round_kinds=list(RoundKind.values))
                if username == "reviewer" and not WeeklyWindow.objects.filter(reviewer=user).exists():
                    # Open slots to book from the start: every day 08:00-20:00 in the reviewer's zone.
                    for weekday in range(7):
                        weekly_window_add(
                            reviewer=user, weekday=weekday, start_time=time(8), end_time=time(20)
                        )
                if curates:
                    user.groups.add(curators)
                    # Curators manage content, not accounts: give them the bank's admin permissions only.
                    from django.contrib.auth.models import Permission

                    user.user_permissions.set(
                        Permission.objects.filter(content_type__app_label="questionbank")
                    )
        names = ", ".join(name for name, *_ in DEMO_USERS)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready: {names} (password: {DEMO_PASSWORD})."))
