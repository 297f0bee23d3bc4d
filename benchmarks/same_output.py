"""Speed work must not change a byte: cold builds by the code of REF and by this tree, compared file by file.

Both builds are cold (no .cache, a new output folder) and run as editors run them (`python build.py`), on
the example site (each tree builds its own copy, so a template change shows) and on a generated text corpus
(text_corpus.py: the same Markdown for both, each laid out with its own tree's templates and site/). REF's
code is taken with `git archive`, so the working tree is never touched.

    python benchmarks/same_output.py [--against main] [--n 120] [--per-page N]

--per-page N writes `per_page: N` into this tree's copy of the corpus's site.yaml: against a revision from
before listings were paginated, `--per-page 0` (everything on one page, the whole feed) makes the same site.

Exit status 0 when every file is the same, 1 with the differing paths otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from text_corpus import write_text_corpus  # noqa: E402

BASE_URL = "https://example.org/"
TREE = ("build.py", "explainer", "templates", "site", "content")  # what a build of the example site reads


def extract(ref: str, into: Path) -> Path:
    """The files of REF that a build needs, under `into`."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", ref, *TREE],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def cold_build(tree: Path, root: Path, out: Path, workers: str | None = None) -> None:
    """`python build.py` of `tree` building the site at `root` into `out`, from nothing."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if workers is not None:
        env["EXPLAINER_WORKERS"] = workers
    done = subprocess.run([sys.executable, str(tree / "build.py"), "--root", str(root), "--out", str(out),
                           "--base-url", BASE_URL, "-q"], capture_output=True, text=True, env=env, cwd=root)
    if done.returncode != 0:
        raise SystemExit(f"the build by {tree} of {root} failed:\n{done.stdout}{done.stderr}")


def files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def differences(before: Path, after: Path, limit: int = 3) -> list[str]:
    """What differs between two output folders: missing, extra and changed files (the first few diffed)."""
    old, new = files(before), files(after)
    lines = [f"only before: {path}" for path in sorted(old.keys() - new.keys())]
    lines += [f"only after: {path}" for path in sorted(new.keys() - old.keys())]
    changed = [path for path in sorted(old.keys() & new.keys()) if old[path] != new[path]]
    for index, path in enumerate(changed):
        lines.append(f"changed: {path}")
        if index < limit:
            diff = difflib.unified_diff(old[path].decode(errors="replace").splitlines(),
                                        new[path].decode(errors="replace").splitlines(), lineterm="", n=1)
            lines += ["    " + line for line in list(diff)[2:14]]
    return lines


def copy_tree(into: Path) -> Path:
    """This working tree's files that a build needs (copied, so that its own .cache is never cleared)."""
    for name in TREE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            into.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    return into


def corpus_for(tree: Path, corpus: Path, into: Path, per_page: int | None = None) -> Path:
    """The corpus laid out with `tree`'s templates and site/ (and site.yaml's per_page, if given)."""
    shutil.copytree(corpus, into)
    for name in ("templates", "site"):
        shutil.rmtree(into / name)
        shutil.copytree(tree / name, into / name)
    if per_page is not None:
        with open(into / "site" / "site.yaml", "a", encoding="utf-8") as site:
            site.write(f"per_page: {per_page}\n")
    return into


def compare(ref: str, n: int, work: Path, per_page: int | None = None) -> list[str]:
    """Every difference between REF's output and this tree's, example site and corpus."""
    before_tree, after_tree = extract(ref, work / "ref"), copy_tree(work / "this")
    problems = []
    for name, before_root, after_root in [("example site", before_tree, after_tree),
                                          *corpora(before_tree, after_tree, n, work, per_page)]:
        before, after = work / "out" / f"{name}-before", work / "out" / f"{name}-after"
        cold_build(before_tree, before_root, before)
        cold_build(after_tree, after_root, after)
        found = differences(before, after)
        count = len(files(after))
        print(f"{name}: {count} files, " + (f"{len(found)} differences" if found else "byte-identical"))
        problems += [f"{name}: {line}" for line in found]
    return problems


def corpora(before_tree: Path, after_tree: Path, n: int, work: Path, per_page: int | None
            ) -> list[tuple[str, Path, Path]]:
    ours, _ = write_text_corpus(work / "corpus", n)
    return [(f"text corpus of {n} articles", corpus_for(before_tree, ours, work / "corpus-before"),
             corpus_for(after_tree, ours, work / "corpus-after", per_page))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="the git revision whose output is the reference")
    parser.add_argument("--n", type=int, default=120, help="articles in the generated corpus (default 120: "
                        "enough for the build to share them between processes)")
    parser.add_argument("--per-page", type=int, help="per_page for this tree's corpus (0: against a revision "
                        "from before listings were paginated)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="explainer-same-output-") as work:
        problems = compare(args.against, args.n, Path(work), args.per_page)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
