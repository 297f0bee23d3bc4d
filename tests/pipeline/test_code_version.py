"""What starts a build cold when the generator itself changes: every file of the package, not only its Python."""

from __future__ import annotations

import shutil
from pathlib import Path

import explainer
from explainer.pipeline.reuse import digest_folder

PACKAGE = Path(explainer.__file__).resolve().parent


def test_a_changed_translation_changes_the_digest_and_bytecode_does_not(tmp_path):
    copy = tmp_path / "explainer"
    shutil.copytree(PACKAGE / "locale", copy / "locale")
    before = digest_folder(copy, leave_out="__pycache__")
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"compiled")
    assert digest_folder(copy, leave_out="__pycache__") == before
    mo = copy / "locale" / "uk" / "LC_MESSAGES" / "messages.mo"
    mo.write_bytes(mo.read_bytes() + b"\0")
    assert digest_folder(copy, leave_out="__pycache__") != before

