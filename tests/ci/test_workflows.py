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


# The first majors that run on Node 24 (GitHub removes Node 20 from its runners in 2026).
NODE_24 = {"actions/configure-pages": 6, "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5,
           "actions/cache": 5, "actions/checkout": 5, "actions/setup-python": 6}
STARTER_WORKFLOW = ROOT / "explainer" / "editors" / "starter-site" / "github" / "workflows" / "pages.yml"


def load_path(path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


@pytest.mark.parametrize("workflow", ["pages.yml", "ci.yml", "starter"])
def test_every_action_is_a_major_that_runs_on_node_24(workflow):
    used = actions(load_path(STARTER_WORKFLOW) if workflow == "starter" else load(workflow))
    for name, version in used.items():
        assert int(version.lstrip("v").split(".")[0]) >= NODE_24[name], f"{name}@{version}"


@pytest.mark.parametrize("name", ["pages.yml", "ci.yml"])
def test_drawn_charts_and_the_vega_bundle_are_cached_on_the_pins_and_the_chart_code(name):
    cache = next(s for s in steps(load(name)) if s.get("uses", "").startswith("actions/cache"))
    assert set(cache["with"]["path"].split()) == {".cache/charts", ".cache/vega"}
    assert "hashFiles('constraints.txt')" in cache["with"]["key"]
    assert "hashFiles('explainer/charts/**')" in cache["with"]["key"]


def test_ci_runs_the_audit_and_writes_a_pull_request_summary():
    ci = load("ci.yml")
    runs = [s.get("run", "") for s in steps(ci)]
    assert runs.index("make audit") > runs.index("make test")
    summary = next(s for s in steps(ci) if "pr_summary.py" in s.get("run", ""))
    assert summary["if"] == "github.event_name == 'pull_request'" and "GITHUB_STEP_SUMMARY" in summary["run"]


def test_the_new_sites_workflow_checks_strictly_then_publishes():
    workflow = load_path(STARTER_WORKFLOW)
    runs = [s.get("run", "") for s in steps(workflow)]
    assert any(r.startswith("explainer check --strict --base-url") for r in runs)
    assert any(r.startswith("explainer build --base-url") for r in runs)
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_pull_request_summary_counts_pages_and_charts(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("pr_summary", ROOT / ".ci" / "pr_summary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    base, head = tmp_path / "base", tmp_path / "head"
    for folder, files in ((base, {"index.html": "a", "old/index.html": "o", "same/index.html": "s"}),
                          (head, {"index.html": "b", "new/index.html": "n", "same/index.html": "s"})):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    log = ("warning: site/site.yaml:1: something to look at\n"
           "Built 3 pages and 2 charts (1 rendered, 1 reused from cache) in 0.5 s into public\n")
    text = module.summary(base, head, log)
    assert "| 1 | 1 | 1 | 1 | 1 |" in text
    assert "**Added:** `new/index.html`" in text and "**Removed:** `old/index.html`" in text
    assert "**Changed:** `index.html`" in text and "- site/site.yaml:1: something to look at" in text
