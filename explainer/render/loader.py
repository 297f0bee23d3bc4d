"""Jinja's loader for templates/, held to the rule every source follows: a template is a regular file inside
its own folder. A symbolic link that leads out of templates/ (to /etc/passwd, to .git, to content/) would
publish whatever it names, so it is an error at the link's path instead."""

from __future__ import annotations

import os

import jinja2
from jinja2.loaders import split_template_path


class ContainedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads only regular files that resolve inside its search path."""

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            if not os.path.lexists(path):
                continue
            problem = outside_problem(path, folder)
            if problem:  # a syntax error carries a file name, so the problem is reported at the link
                raise jinja2.TemplateSyntaxError(problem, 1, name=template, filename=os.path.normpath(path))
            break
        return super().get_source(environment, template)


def outside_problem(path: str, folder: str) -> str | None:
    """Why `path` may not be read as a file of `folder`, or None."""
    real, top = os.path.realpath(path), os.path.realpath(folder)
    if os.path.commonpath([real, top]) != top:
        return f"symbolic link points outside {os.path.basename(top)}/; copy the file in instead"
    if not os.path.isfile(real):
        return "not a regular file"
    return None
