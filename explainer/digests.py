"""Content hashes and the build date: what incremental builds compare, importable without the rendering stack."""

from __future__ import annotations

import datetime as dt
import hashlib
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
