"""What the audit found: failures that name a page and a rule, warnings, and how long each step took."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    """One problem on one page: which checker, which rule, what it saw."""

    page: str  # '/civilian-toll/'
    check: str  # axe, vnu, lighthouse, network, console, csp
    rule: str  # image-alt, external-request, seo, ...
    detail: str

    def line(self, where: list[str]) -> str:
        """'/x/: axe image-alt: Images must have alternative text (phone light, desktop dark)'."""
        suffix = f" [{', '.join(where)}]" if where else ""
        return f"{self.page}: {self.check} {self.rule}: {self.detail}{suffix}"


@dataclass
class Report:
    """Findings grouped so one problem seen in four viewports prints once, listing where."""

    failures: dict = field(default_factory=dict)  # Finding -> list of configurations
    warnings: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)  # (step, seconds, note)
    notes: list = field(default_factory=list)  # lines for the summary (scores, counts)

    def fail(self, finding: Finding, where: str = "") -> None:
        """Record a failure; `where` names the viewport and colour scheme when it matters."""
        _add(self.failures, finding, where)

    def warn(self, finding: Finding, where: str = "") -> None:
        """Record something worth reading that does not fail the audit."""
        _add(self.warnings, finding, where)

    def note(self, text: str) -> None:
        """A line for the summary, such as a Lighthouse score."""
        self.notes.append(text)

    @contextlib.contextmanager
    def timed(self, step: str, note: str = ""):
        """Time a step for the summary."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings.append((step, time.perf_counter() - started, note))

    def render(self, total_seconds: float) -> str:
        """The summary: warnings, failures, notes, timings and the verdict."""
        lines = []
        for title, found in (("Warnings (not failing)", self.warnings), ("Failures", self.failures)):
            if found:
                lines.append(f"{title}: {len(found)}")
                lines.extend("  " + finding.line(where) for finding, where in found.items())
        lines.extend(self.notes)
        lines.append("Timings:")
        width = max((len(step) for step, _, _ in self.timings), default=0)
        lines.extend(f"  {step:<{width}} {seconds:6.1f} s  {note}".rstrip() for step, seconds, note in self.timings)
        verdict = "FAILED" if self.failures else "passed"
        lines.append(f"Audit {verdict}: {len(self.failures)} failure{'s' if len(self.failures) != 1 else ''}, "
                     f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}, "
                     f"in {total_seconds:.1f} s")
        return "\n".join(lines)


def _add(found: dict, finding: Finding, where: str) -> None:
    places = found.setdefault(finding, [])
    if where and where not in places:
        places.append(where)
