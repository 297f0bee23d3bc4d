"""Content hashes, the build date and what changed between two lists: what incremental builds compare,
importable without the rendering stack."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import operator
import os


def digest_of(data: bytes) -> str:
    """A short content hash: what incremental builds compare to know a file is unchanged."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def build_date() -> dt.date:
    """The day the build publishes for: SOURCE_DATE_EPOCH when set (reproducible), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.datetime.now(tz=dt.timezone.utc).date()


def same_objects(first, second) -> bool:
    """True when two collections hold the very same objects (identical, not only equal) in the same order."""
    return len(first) == len(second) and all(map(operator.is_, first, second))


def changed_at(new: list, old: list) -> list[int] | None:
    """The positions at which two lists of one length hold different objects (not the very same one); None when
    their lengths differ. Compared in C: at 10,000 articles a fraction of a millisecond, where a loop in Python
    takes several."""
    if len(new) != len(old):
        return None
    return list(itertools.compress(range(len(new)), map(operator.is_not, new, old)))


class EachRemembered:
    """A function's value for each item of a list, remembered by the item's identity: given the list again with
    a few items replaced (the articles a preview edit validated again), only those are worked out again. The
    function must depend on nothing but its item, which must not change once made (a validated Article)."""

    def __init__(self):
        self.items: list = []
        self.values: list = []

    def __call__(self, function, items: list) -> list:
        positions = changed_at(items, self.items)
        if positions is None:
            values = list(map(function, items))
        else:
            values = self.values.copy()
            for at in positions:
                values[at] = function(items[at])
        self.items, self.values = list(items), values
        return values
