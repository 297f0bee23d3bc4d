"""After a swap, the spare (the site swapped out) and the live site differ only at the files that swap changed:
the next build of the same process compares those, not all 20,000 files of a large site, when the spare it
takes is the one it left and the live site holds what it made."""

from __future__ import annotations

from support import append

from explainer.output import write
from explainer.pipeline.incremental import IncrementalBuilder

BASE = "https://example.org/"


def test_the_spare_differs_only_where_the_last_swap_changed_while_this_process_made_both(paged_nine, tmp_path):
    out = tmp_path / "out"
    builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE)
    builder.rebuild()
    md = paged_nine / "content" / "articles" / "article-00002.md"
    append(md, "\nOne more line.\n")
    result = builder.rebuild({str(md)})
    live, previous = str(out.resolve()), dict(builder.reuse.outputs)
    held = write.read_record(write.spare_paths(out.resolve())[1])["digests"]
    assert result.changed and write.spare_differs(live, held, previous) == result.changed
    assert write.spare_differs(live, dict(held), previous) is None  # a record read anew: another process's
    moved = dict(previous, **{result.changed[0]: ("another digest", 1)})
    assert write.spare_differs(live, held, moved) is None  # the live site is not what this process made
    assert write.spare_differs(live + "-elsewhere", held, previous) is None
