"""The preview is told of saves by the platform (watchfiles) and keeps the stat walk for page requests and as
the fallback: a save is reported once, swap files never, and a walk after a notification reports nothing new."""

from __future__ import annotations

import threading

from explainer.preview.watch import FileWatch, Notifier


def notifier_for(folder):
    reported = threading.Event()
    notifier = Notifier((folder,), reported.set)
    assert notifier.start(), notifier.failed  # watchfiles is a dependency: notification must work here
    return notifier, reported


def test_a_save_is_reported_and_a_walk_then_finds_nothing_more(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "a.md").write_text("one\n", encoding="utf-8")
    watch = FileWatch((content,))
    notifier, reported = notifier_for(content)
    try:
        (content / "articles" / "a.md").write_text("two\n", encoding="utf-8")
        assert reported.wait(10), "no notification for a save"
        changed = set()
        while content / "articles" / "a.md" not in changed:  # a save may come in more than one batch
            changed |= watch.note(notifier.take())
            if content / "articles" / "a.md" not in changed:
                reported.clear()
                assert reported.wait(10)
        assert changed == {content / "articles" / "a.md"}
        assert watch.changes() == set()  # the walk agrees: the save is not reported twice
    finally:
        notifier.close()
    assert not notifier.thread.is_alive()


def test_swap_and_hidden_files_are_not_reported(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    notifier, reported = notifier_for(content)
    try:
        for name in (".a.md.swp", "a.md~", ".hidden", "4913"):
            (content / name).write_text("x", encoding="utf-8")
        (content / "real.md").write_text("x", encoding="utf-8")  # a marker: once it is seen, the others were filtered
        seen = set()
        while content / "real.md" not in seen:
            assert reported.wait(10)
            reported.clear()
            seen |= notifier.take()
        assert seen == {content / "real.md"}
    finally:
        notifier.close()


def test_no_folder_to_watch_means_polling(tmp_path):
    notifier = Notifier((tmp_path / "missing",), lambda: None)
    assert notifier.start() is False


def test_note_drops_what_did_not_change(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("x", encoding="utf-8")
    watch = FileWatch((tmp_path,))
    assert watch.note({path}) == set()  # touched by nothing: same signature
    path.unlink()
    assert watch.note({path}) == {path} and watch.changes() == set()
