"""`check` says when site.yaml's contact, shown on every page, is a placeholder at a domain kept for examples."""

from __future__ import annotations

import pytest

from explainer.cli import main


@pytest.mark.parametrize("contact, placeholder", [
    ("explainer-desk@example.org", True),
    ("desk@news.example.com", True),
    ("mailto:desk@example.net", True),
    ("desk@newsroom.test", True),
    ("desk@example.org.ua", False),
    ("corrections@kyivindependent.com", False),
])
def test_a_placeholder_contact_is_a_warning_at_its_line(tiny_site, capsys, contact, placeholder):
    site = tiny_site / "site/site.yaml"
    site.write_text(site.read_text() + f"contact: {contact}\n")
    assert main(["check", "--drafts"], root=tiny_site) == 0
    err = capsys.readouterr().err
    warning = f"warning: site/site.yaml:5: contact '{contact}' is a placeholder"
    assert (warning in err) is placeholder, err
    if placeholder:
        assert main(["check", "--drafts", "--strict"], root=tiny_site) == 1
