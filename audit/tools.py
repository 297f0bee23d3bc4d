"""Where the third-party checkers live, and a clear message when one is missing."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
# Flags every Chromium the audit starts needs: no sandbox (root in a container), no GPU (none here).
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu")


@dataclass(frozen=True)
class Tools:
    """Paths to the checkers: npm packages from package-lock.json, Java and Debian's Chromium."""

    node_modules: Path
    chromium: Path

    @property
    def axe(self) -> Path:
        """axe-core's browser build."""
        return self.node_modules / "axe-core" / "axe.min.js"

    @property
    def vnu(self) -> Path:
        """The Nu HTML Checker's jar."""
        return self.node_modules / "vnu-jar" / "build" / "dist" / "vnu.jar"

    @property
    def lighthouse(self) -> Path:
        """Lighthouse's command line."""
        return self.node_modules / "lighthouse" / "cli" / "index.js"

    def missing(self) -> list[str]:
        """A message for each tool that is not installed; empty when the audit can run."""
        found = []
        for path in (self.axe, self.vnu, self.lighthouse):
            if not path.is_file():
                found.append(f"{path} is missing: run `npm ci --ignore-scripts` (or `make audit`, which does)")
        if shutil.which("java") is None:
            found.append("java is not installed: `apt-get install default-jre-headless` (or `make audit`, which does)")
        if shutil.which("node") is None:
            found.append("node is not installed: `apt-get install nodejs npm` (or `make audit`, which does)")
        if not self.chromium.is_file():
            found.append(f"{self.chromium} is missing: `apt-get install chromium` (or `make audit`, which does)")
        return found


def find_tools(root: Path = ROOT) -> Tools:
    """The tools installed for this checkout."""
    return Tools(node_modules=root / "node_modules", chromium=CHROMIUM)
