import shutil
from pathlib import Path

from questionbank.importing import BANK_DIR, bank_load
from questionbank.models import Question, QuestionVersion


def load_coding_problems(tmp_path: Path, *slugs: str) -> None:
    """Load a bank of just these shipped coding problems (each new coding version is validated in the sandbox)."""
    root = tmp_path / "bank"
    (root / "coding").mkdir(parents=True)
    shutil.copy(BANK_DIR / "topics.yaml", root / "topics.yaml")
    for slug in slugs:
        shutil.copytree(BANK_DIR / "coding" / slug, root / "coding" / slug)
    bank_load(root=root)


def current_version(slug: str) -> QuestionVersion:
    """The version of a loaded question that new sessions get."""
    version = Question.objects.get(slug=slug).current_version
    assert version is not None, f"{slug} has no current version"
    return version
