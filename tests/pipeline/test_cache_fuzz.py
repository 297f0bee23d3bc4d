"""Caches are checked, never trusted: whatever happens to a file under .cache/ (cut short, overwritten with
random bytes or with some other JSON), the next build's output is byte for byte the cold build's.

The number of examples comes from a hypothesis profile chosen by CACHE_FUZZ_PROFILE, else by CI: "ci" runs
500 (the issue's floor), "dev" a few dozen."""

from __future__ import annotations

import json
import marshal
import os
import pickle
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import snapshot, write_tiny_site

from explainer.pipeline.incremental import IncrementalBuilder
from explainer.pipeline.manifest import DIGEST_BYTES, join_state, split_state

settings.register_profile("cache-fuzz-ci", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("cache-fuzz-dev", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PROFILE = os.environ.get("CACHE_FUZZ_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
FUZZ = settings.get_profile(f"cache-fuzz-{PROFILE}")

VARIANTS = ("A site for tests.", "A site for tests, edited.")  # a site.yaml edit: every page is made again

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                    max_leaves=12)


def differences(built: dict, reference: dict) -> list:
    """The paths whose bytes differ (named, not dumped: a site is long)."""
    return sorted(path for path in built.keys() | reference.keys() if built.get(path) != reference.get(path))


def set_variant(root, variant: int) -> None:
    path = root / "site/site.yaml"
    text = path.read_text()
    for old in VARIANTS:
        text = text.replace(f"description: {old}\n", f"description: {VARIANTS[variant]}\n")
    path.write_text(text)


def cache_files(root) -> list:
    return sorted(p for p in (root / ".cache").rglob("*") if p.is_file() and not p.name.endswith(".lock"))


@pytest.fixture(scope="module")
def references(tmp_path_factory, tiny_cache):
    """Each variant's cold build: no manifest, no drawings, no compiled templates (the bundle is seeded: it is
    the same bytes however it is made, and making it costs seconds)."""
    found = {}
    for variant in range(len(VARIANTS)):
        root = write_tiny_site(tmp_path_factory.mktemp(f"cold-{variant}") / "site")
        shutil.copytree(tiny_cache / "vega", root / ".cache/vega")
        set_variant(root, variant)
        IncrementalBuilder(root).rebuild()
        found[variant] = snapshot(root / "public")
    return found


@pytest.fixture(scope="module")
def warm(tmp_path_factory, tiny_cache):
    root = write_tiny_site(tmp_path_factory.mktemp("warm") / "site")
    shutil.copytree(tiny_cache, root / ".cache")
    IncrementalBuilder(root, persist=True).rebuild()
    return root


KINDS = (".svg", ".png", ".specs.json", ".keys.json", ".js", "vega-lite-version.txt", "build/*.state", "build/*.shelves/*",
         "jinja/")
DAMAGE = st.one_of(st.tuples(st.just("truncate"), st.floats(0, 1, exclude_max=True)),
                   st.tuples(st.just("bytes"), st.binary(max_size=300)),
                   st.tuples(st.just("flip"), st.floats(0, 1, exclude_max=True), st.integers(1, 255)),
                   st.tuples(st.just("json"), JSON))


def pick(root, kind: str, choice: int):
    """One cache file of a kind (drawn by kind, so that what is drawn does not depend on what is on disk)."""
    files = [p for p in cache_files(root)
             if (p.match(kind) if "/" in kind and "*" in kind else kind in p.as_posix() if "/" in kind
                 else p.name.endswith(kind))]
    return files[choice % len(files)] if files else None


def damage(data: bytes, how: tuple) -> bytes:
    if how[0] == "truncate":
        return data[:int(how[1] * len(data))]
    if how[0] == "bytes":
        return how[1]
    if how[0] == "flip":
        if not data:
            return b"x"
        at = int(how[1] * len(data))
        return data[:at] + bytes([data[at] ^ how[2]]) + data[at + 1:]
    return json.dumps(how[1]).encode()


@FUZZ
@given(kind=st.sampled_from(KINDS), choice=st.integers(0, 50), how=DAMAGE, variant=st.integers(0, 1))
def test_a_damaged_cache_file_never_changes_the_output(warm, references, kind, choice, how, variant):
    target = pick(warm, kind, choice)
    if target is not None:
        target.write_bytes(damage(target.read_bytes(), how))
    set_variant(warm, variant)
    IncrementalBuilder(warm, persist=True).rebuild()  # a new run, as the command line starts one
    assert differences(snapshot(warm / "public"), references[variant]) == [], f"{target} ({how[0]})"


# A state file whose checksums are right but whose parts are not what a build writes (another writer's).
WRONG_SHAPES = {
    "manifest not a dict": lambda head, rest: (marshal.dumps([1, 2, 3]), rest),
    "manifest without outputs": lambda head, rest: (marshal.dumps({**marshal.loads(head), "outputs": [1]}), rest),
    "manifest of None": lambda head, rest: (marshal.dumps(None), rest),
    "reuse part not a dict": lambda head, rest: (head, pickle.dumps("text")),
    "records of the wrong rows": lambda head, rest: (head, pickle.dumps({**pickle.loads(rest), "records": {"a": 1}})),
    "reuse part of another format": lambda head, rest: (head, b'{"records": {}}'),
}


@pytest.mark.parametrize("name", list(WRONG_SHAPES))
def test_a_state_of_the_wrong_shape_starts_cold_with_a_warning(warm, references, name):
    set_variant(warm, 0)
    IncrementalBuilder(warm, persist=True).rebuild()
    set_variant(warm, 1)  # some input changed, so the reuse part is read too
    (state,) = (warm / ".cache/build").glob("*.state")
    head, rest = split_state(state.read_bytes())
    state.write_bytes(join_state(*WRONG_SHAPES[name](head, rest[DIGEST_BYTES:])))
    result = IncrementalBuilder(warm, persist=True).rebuild()
    assert differences(snapshot(warm / "public"), references[1]) == []
    assert any("damaged build state" in w.message and w.path.startswith(".cache/build/") for w in result.warnings)
    set_variant(warm, 0)
    again = IncrementalBuilder(warm, persist=True).rebuild()
    assert not any("damaged" in w.message for w in again.warnings)
    assert differences(snapshot(warm / "public"), references[0]) == []


SHELF_DAMAGE = {
    "a byte changed": lambda shelf: shelf.write_bytes(damage(shelf.read_bytes(), ("flip", 0.5, 1))),
    "cut short": lambda shelf: shelf.write_bytes(shelf.read_bytes()[:shelf.stat().st_size // 2]),
    "missing": lambda shelf: shelf.unlink(),
}


@pytest.mark.parametrize("name", list(SHELF_DAMAGE))
def test_a_damaged_shelf_is_found_and_refused(warm, references, name):
    set_variant(warm, 0)
    IncrementalBuilder(warm, persist=True).rebuild()
    set_variant(warm, 1)  # some input changed, so the shelves are read
    (state,) = (warm / ".cache/build").glob("*.state")
    shelves = sorted(state.with_suffix(".shelves").iterdir())
    assert len(shelves) >= 2  # (a shelf of records and one of validated articles at least)
    for shelf in shelves:
        SHELF_DAMAGE[name](shelf)
        result = IncrementalBuilder(warm, persist=True).rebuild()
        assert any("damaged build state" in w.message and w.path.startswith(".cache/build/") for w in result.warnings)
        assert differences(snapshot(warm / "public"), references[1]) == []
        set_variant(warm, 0)  # the cold build saved a sound state again, damaged shelf and all replaced
        again = IncrementalBuilder(warm, persist=True).rebuild()
        assert not any("damaged" in w.message for w in again.warnings)
        assert differences(snapshot(warm / "public"), references[0]) == []
        set_variant(warm, 1)


def test_half_truncated_drawings_are_drawn_again_with_a_warning(warm, references, capfd):
    for svg in (warm / ".cache/charts").rglob("*.svg"):
        svg.write_bytes(svg.read_bytes()[: svg.stat().st_size // 2])
    set_variant(warm, 1)
    IncrementalBuilder(warm, persist=True).rebuild()
    public = snapshot(warm / "public")
    assert differences(public, references[1]) == []
    page = public["first-story/index.html"].decode()
    assert page.count("<svg") == page.count("</svg>") > 0
    assert "damaged cache entry" in capfd.readouterr().err


@pytest.mark.parametrize("content", [b"", b"garbage \xff\xfe", b"<svg"])
def test_empty_or_garbage_entries_do_not_stop_builds(warm, references, content):
    for entry in cache_files(warm):
        if ".cache/build/" not in entry.as_posix():
            entry.write_bytes(content)
    set_variant(warm, 0)
    IncrementalBuilder(warm, persist=True).rebuild()
    assert differences(snapshot(warm / "public"), references[0]) == []
