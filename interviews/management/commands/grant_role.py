"""`python manage.py grant_role USER curator|reviewer [--revoke]`: give or take away a role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import ApplicationError
from interviews.services import ROLES, role_set
from questionbank.roles import is_curator, is_reviewer


class Command(BaseCommand):
    help = "Make a user a curator or a reviewer (of every round kind), or take the role away with --revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", help=f"one of: {', '.join(ROLES)}")
        parser.add_argument("--revoke", action="store_true", help="take the role away instead")

    def handle(self, *args: Any, **options: Any) -> None:
        username, role, revoke = options["username"], options["role"], options["revoke"]
        if role not in ROLES:
            raise CommandError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"No user called {username!r}. Create it first (sign up, or `manage.py createsuperuser`)."
            )
        try:
            role_set(user=user, role=role, granted=not revoke)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        user = User.objects.get(pk=user.pk)  # fresh role caches
        has = is_curator(user) if role == "curator" else is_reviewer(user)
        if revoke and has and role == "reviewer" and is_curator(user):
            self.stdout.write(f"{username} is no longer a reviewer, but curators can still review.")
            return
        if revoke and has:
            raise CommandError(f"{username} still has the {role} role (a superuser is always a curator).")
        verb = "is no longer" if revoke else "is now"
        article = "an" if role[0] in "aeiou" else "a"
        self.stdout.write(self.style.SUCCESS(f"{username} {verb} {article} {role}."))
