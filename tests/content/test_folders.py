"""joined() and names(): a listed file's path made from its parts, and its name, must be what pathlib makes."""

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainer.content import folders
from explainer.content.folders import joined, names

NAMES = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1).filter(
    lambda name: name not in (".", ".."))
FOLDERS = st.sampled_from([Path("/"), Path("/srv"), Path("/srv/site/content/articles"), Path("."), Path("content"),
                           Path("content/articles"), Path("/tmp/a b/ü")])


def same_path(made: Path, expected: Path) -> None:
    assert type(made) is type(expected)
    assert str(made) == str(expected) and made == expected and hash(made) == hash(expected)
    assert made.parts == expected.parts and made.parent == expected.parent
    assert (made.name, made.stem, made.suffix) == (expected.name, expected.stem, expected.suffix)
    assert made.as_posix() == expected.as_posix() and made.is_absolute() == expected.is_absolute()
    assert {made: 1}[expected] == 1 and sorted([made, Path("/")]) == sorted([expected, Path("/")])


@given(FOLDERS, NAMES)
def test_joined_is_the_path_pathlib_joins(folder, name):
    same_path(joined(folder, name), folder / name)
    same_path(joined(joined(folder, name), "deeper.md"), folder / name / "deeper.md")


@pytest.mark.parametrize("fast", [True, False])
def test_joined_either_way(monkeypatch, fast):
    monkeypatch.setattr(folders, "FAST_JOIN", fast and folders.FAST_JOIN)
    same_path(joined(Path("/srv/content"), "article-00001.md"), Path("/srv/content/article-00001.md"))
    assert isinstance(joined(Path("/srv"), "x"), PurePosixPath)


@pytest.mark.parametrize("fast", [True, False])
def test_names_are_the_names_pathlib_gives(monkeypatch, fast):
    monkeypatch.setattr(folders, "FAST_JOIN", fast and folders.FAST_JOIN)

    @given(folder=FOLDERS, name=NAMES)
    def check(folder, name):
        paths = [folder, folder / name, joined(folder, name), Path(f"{folder}/{name}")]
        assert names(paths) == [path.name for path in paths]

    check()


def test_a_listing_hashes_its_paths_only_when_asked(tmp_path):
    from explainer.content.collect import Known

    hashed = []

    class Counted(type(tmp_path)):
        def __hash__(self):
            hashed.append(self)
            return super().__hash__()

    files = [Counted(tmp_path / f"article-{number}.md") for number in range(3)]
    known = Known(files)
    assert hashed == []  # listed, not yet looked up: nothing hashed
    assert files[1] in known and tmp_path / "other.md" not in known
    assert {id(path) for path in hashed} == {id(path) for path in files}  # the set, made on the first look-up
