"""Coding specs kept one wrong solution under "wrong"; the format now keeps several under "wrongs"
(name -> code, the files wrong/<name>.py). A stored single solution becomes wrongs["wrong"], and a stored
sandbox check's "wrong" summary becomes wrongs["wrong"] too. The content hash is recomputed so that the
same content still counts as unchanged (versions.content_hash and question_payload, inlined here)."""

import hashlib
import json

from django.db import migrations


def _hash(version, coding_spec):
    payload = {
        "title": version.title,
        "prompt_md": version.prompt_md,
        "difficulty": version.difficulty,
        "level": version.level,
        "domain": version.domain,
        "minutes": version.minutes,
        "topics": sorted(version.topics.values_list("slug", flat=True)),
        "reviewer_notes": version.reviewer_notes,
        "section_notes": version.section_notes,
        "coding_spec": coding_spec,
    }
    if version.problem_yaml:
        payload["problem_yaml"] = version.problem_yaml
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _convert(spec, validation, old_key, new_key, wrap):
    """One direction of the change, for both the spec and the stored check."""
    spec = dict(spec)
    spec[new_key] = wrap(spec.pop(old_key))
    validation = dict(validation or {})
    if old_key in validation:
        validation[new_key] = wrap(validation.pop(old_key))
    return spec, validation


def _migrate(apps, old_key, new_key, wrap):
    QuestionVersion = apps.get_model("questionbank", "QuestionVersion")
    for version in QuestionVersion.objects.exclude(coding_spec=None).iterator():
        if not isinstance(version.coding_spec, dict) or old_key not in version.coding_spec:
            continue
        old_hash = _hash(version, version.coding_spec)
        spec, validation = _convert(version.coding_spec, version.validation, old_key, new_key, wrap)
        version.coding_spec = spec
        version.validation = validation
        if version.content_hash == old_hash:  # keep a hash that was current in step with the content
            version.content_hash = _hash(version, spec)
        version.save(update_fields=["coding_spec", "validation", "content_hash"])


def forwards(apps, schema_editor):
    _migrate(apps, "wrong", "wrongs", lambda value: {"wrong": value})


def backwards(apps, schema_editor):
    # The old format holds one solution: keep the first by name.
    _migrate(apps, "wrongs", "wrong", lambda value: value[sorted(value)[0]] if value else None)


class Migration(migrations.Migration):
    dependencies = [("questionbank", "0002_curation_workflow")]

    operations = [migrations.RunPython(forwards, backwards)]
