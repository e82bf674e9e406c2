"""The project carries its own legal reference: docs/law.md cites every article the code cites, and no doc
points into the workplace's ../shared folder, which a user's clone does not have."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = re.compile(r"\b[LRD]\d{3,4}-\d+(?:-\d+)?\b")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _docs() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_article_the_code_cites_is_in_the_law_page():
    law = (ROOT / "docs" / "law.md").read_text(encoding="utf-8")
    cited = {
        a for f in (ROOT / "engine").rglob("*.py") for a in ARTICLE.findall(f.read_text(encoding="utf-8"))
    }
    assert cited and sorted(cited - set(ARTICLE.findall(law))) == []


def test_no_doc_or_docstring_sends_the_reader_to_the_workplaces_shared_docs():
    sources = [
        *_docs(),
        *(p for d in ("engine", "ge", "api", "persistence", "jobs") for p in (ROOT / d).rglob("*.py")),
    ]
    assert [
        str(p.relative_to(ROOT)) for p in sources if "shared/docs/" in p.read_text(encoding="utf-8")
    ] == []


def test_every_relative_link_of_the_docs_leads_to_a_file():
    broken = [
        f"{doc.name}: {target}"
        for doc in _docs()
        for target in LINK.findall(doc.read_text(encoding="utf-8"))
        if "://" not in target and not (doc.parent / target).exists()
    ]
    assert broken == []
