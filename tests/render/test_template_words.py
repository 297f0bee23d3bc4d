"""The templates' direct gettext (render/languages.py template_words) gives what jinja2.ext.i18n's new-style
callables give: the same translation, markup, escaping of variables, `%%` and plural forms."""

from __future__ import annotations

import jinja2
import pytest

from explainer.render.languages import catalog, template_words

SNIPPET = """{{ _("Skip to content") }}|{{ _("By %(names)s", names=who) }}|{{ _("100%% sourced") }}|\
{% for n in (1, 3, 5) %}{{ ngettext("%(num)d update", "%(num)d updates", n) }};{% endfor %}|\
{{ _("Source %(number)s: %(publisher)s", number=2, publisher=who) }}"""


def environment(language: str, direct: bool) -> jinja2.Environment:
    jinja = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja.install_gettext_translations(catalog(language), newstyle=True)
    if direct:
        jinja.globals.update(template_words(catalog(language)))
    return jinja


@pytest.mark.parametrize("language", ["en", "uk"])
def test_direct_gettext_renders_as_the_extension_does(language):
    context = {"who": 'Kyiv Independent & <b>"AP"</b>'}
    expected = environment(language, direct=False).from_string(SNIPPET).render(context)
    assert environment(language, direct=True).from_string(SNIPPET).render(context) == expected
    assert "&lt;b&gt;" in expected  # the variables were escaped, not the message
    if language == "uk":
        assert expected.startswith("Перейти до змісту|") and "3 оновлення;" in expected
