"""The import rules of docs/ARCHITECTURE.md: each layer stays in its lane.

Checked in a fresh interpreter, because pytest itself (and other tests) may have imported scrapy.
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules_loaded_by(*imports: str) -> set[str]:
    code = "import sys\n" + "\n".join(f"import {name}" for name in imports)
    code += "\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return {line.split(".")[0] for line in result.stdout.split()}


def test_extraction_and_urls_never_import_scrapy_or_storage():
    loaded = modules_loaded_by("archiver.extraction", "archiver.urls")
    assert "scrapy" not in loaded
    assert "twisted" not in loaded
    assert "storage" not in loaded


def test_discovery_rules_the_frontier_profiles_and_page_shapes_never_import_scrapy():
    loaded = modules_loaded_by(
        "archiver.discovery",
        "archiver.frontier",
        "archiver.runhealth",
        "archiver.profiles",
        "archiver.pageshape",
    )
    assert "scrapy" not in loaded
    assert "twisted" not in loaded


def test_storage_never_imports_scrapy_or_trafilatura():
    loaded = modules_loaded_by(
        "storage", "storage.search", "storage.export", "storage.stats", "storage.history"
    )
    assert "scrapy" not in loaded
    assert "trafilatura" not in loaded


def test_storage_takes_from_archiver_only_the_shared_character_classes():
    code = "import sys, storage, storage.search, storage.export, storage.stats, storage.writes\n"
    code += "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('archiver'))))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert set(result.stdout.split()) <= {"archiver", "archiver.cjk"}


def test_cli_never_imports_scrapy():
    assert "scrapy" not in modules_loaded_by("archiver.cli")


def test_spiders_never_write_to_the_database():
    forbidden = {"ArchiveWriter", "write_transaction", "sqlite3", "sqlite_utils", "open_db"}
    for path in (ROOT / "spiders").glob("*.py"):
        tree = ast.parse(path.read_text())
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {
            alias.name.split(".")[-1]
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        }
        assert not names & forbidden, f"{path.name} uses {names & forbidden}"


def test_the_crawl_process_leaves_trafilatura_to_the_extraction_workers():
    loaded = modules_loaded_by(
        "scrapy", "spiders.wordpress", "archiver.pipelines", "archiver.middlewares", "storage"
    )
    assert "trafilatura" not in loaded


def test_extraction_workers_load_no_more_of_storage_than_the_raw_html_format():
    loaded = modules_loaded_by("archiver.extract_pool")
    assert "sqlite_utils" not in loaded
    assert "scrapy" not in loaded
