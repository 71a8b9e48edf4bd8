from django.db import migrations


def render_math(apps, schema_editor):
    # Prompts are rendered once when a version is saved: re-render those with TeX so formulas already in
    # the bank become KaTeX-ready spans (questionbank/mathmarkup.py). Only the HTML changes, never the
    # Markdown or the content hash, so versions stay the same content.
    from questionbank.rendering import render_markdown

    QuestionVersion = apps.get_model("questionbank", "QuestionVersion")
    for version in QuestionVersion.objects.filter(prompt_md__contains="$").only("pk", "prompt_md").iterator():
        QuestionVersion.objects.filter(pk=version.pk).update(prompt_html=render_markdown(version.prompt_md))


class Migration(migrations.Migration):
    dependencies = [("questionbank", "0004_staff_level_and_llm_domain")]

    operations = [migrations.RunPython(render_math, migrations.RunPython.noop)]
