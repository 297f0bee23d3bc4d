"""A build whose site is written but whose cache cannot be: it succeeds, and says the next one starts cold."""

from __future__ import annotations


def test_a_cache_that_cannot_be_written_warns_but_the_build_succeeds(tiny_site, monkeypatch):
    import explainer.pipeline.manifest as manifest
    from explainer.pipeline.incremental import IncrementalBuilder

    def refuse(path, data):  # an unwritable .cache/build, as a non-root user meets it
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(manifest, "write_atomically", refuse)
    result = IncrementalBuilder(tiny_site, persist=True).rebuild()
    assert (tiny_site / "public/index.html").is_file()
    assert any(str(w) == ".cache/build:1: could not save what this build made (permission denied); the next "
               "build starts cold" for w in result.warnings), result.warnings
