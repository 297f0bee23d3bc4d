"""The GitHub Actions workflows parse and use the official actions with what they require."""

from __future__ import annotations

import pytest
import yaml
from support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def actions(workflow: dict) -> dict[str, str]:
    """Action name -> version, for every `uses:`."""
    return dict(step["uses"].split("@", 1) for step in steps(workflow) if "uses" in step)


def test_pages_workflow_builds_with_the_pages_base_url_and_deploys_with_official_actions():
    pages = load("pages.yml")
    assert {"push", "workflow_dispatch", "schedule"} <= set(pages["on"])
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["on"]["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"], "runs every day"
    used = actions(pages)
    for name in ("actions/checkout", "actions/setup-python", "actions/configure-pages",
                 "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert name in used and used[name].startswith("v"), name
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    setup = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/setup-python"))
    assert str(setup["with"]["python-version"]) == "3.11"
    configure = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/configure-pages"))
    build = next(s for s in steps(pages) if "python build.py build" in s.get("run", ""))
    assert "--base-url" in build["run"]
    assert f"steps.{configure['id']}.outputs.base_url" in str(build.get("env", {})) + build["run"]
    install = next(s for s in steps(pages) if "pip install" in s.get("run", ""))
    assert install["run"].strip() == "pip install -c constraints.txt -e ."
    upload = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "public"
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    deploy_step = next(s for s in deploy["steps"] if s.get("uses", "").startswith("actions/deploy-pages"))
    assert deploy["environment"]["url"] == f"${{{{ steps.{deploy_step['id']}.outputs.page_url }}}}"


def test_ci_workflow_runs_the_tests_and_the_site_check_on_pull_requests():
    ci = load("ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    assert "actions/checkout" in actions(ci)
    runs = [s.get("run", "") for s in steps(ci)]
    assert "make test" in runs
    assert any(r.endswith("python build.py check") for r in runs)
    assert ci["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("name", ["pages.yml", "ci.yml"])
def test_workflows_use_only_official_actions(name):
    assert all(action.startswith("actions/") for action in actions(load(name)))
