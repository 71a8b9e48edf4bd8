"""PostgreSQL only: nobody is in two booked sessions whose times overlap, enforced by the database.

The booking services already lock both people's rows and check overlaps, buffers and daily limits; this
exclusion constraint is the backstop that holds even against code that forgets to. SQLite has no
exclusion constraints (and serialises writers anyway), so there the migration does nothing.
"""

from django.db import migrations

CONSTRAINTS = {
    "interviews_session_reviewer_no_overlap": "reviewer_id",
    "interviews_session_candidate_no_overlap": "candidate_id",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE interviews_interviewsession ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
            "WHERE (status <> 'cancelled' AND starts_at IS NOT NULL AND reviewer_id IS NOT NULL)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE interviews_interviewsession DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("interviews", "0002_booking_and_live")]

    operations = [migrations.RunPython(forwards, backwards)]
