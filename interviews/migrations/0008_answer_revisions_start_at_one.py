from django.db import migrations
from django.db.models import F


def bump(apps, schema_editor):
    # Saves now carry the revision they were based on, with 0 meaning "no answer yet": existing answers
    # move up by one so a page that still shows "no answer" (0) can never overwrite one.
    apps.get_model("interviews", "Answer").objects.update(revision=F("revision") + 1)


def unbump(apps, schema_editor):
    apps.get_model("interviews", "Answer").objects.filter(revision__gt=0).update(revision=F("revision") - 1)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0007_account_email_request")]

    operations = [migrations.RunPython(bump, unbump)]
