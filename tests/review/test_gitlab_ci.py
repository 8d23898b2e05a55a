"""`.gitlab-ci.yml` does on GitLab what the GitHub workflows do, and `jixiao gitlab-note` posts
(or edits) the semantic diff on a merge request, against a fake GitLab API."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import marko
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.review.diff_format import as_json
from generator.review.review_comment import MARKER
from tests.review.test_review_comment import PAYLOAD, hostile_report
from tests.support.paths import REPO

ROOT = REPO
PIPELINE = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
MR_RULE = [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
DEFAULT_RULE = [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def _job(name: str) -> dict[str, Any]:
    job = dict(PIPELINE[name])
    if "extends" in job:
        job = {**PIPELINE[job["extends"]], **job}
    return job


def _script(name: str) -> str:
    return "\n".join(_job(name)["script"])


def test_jobs_and_when_they_run() -> None:
    jobs = {k for k, v in PIPELINE.items() if isinstance(v, dict) and "script" in v}
    assert jobs == {"check", "fmt", "semantic-diff", "site", "pages"}
    for name in ("check", "fmt", "semantic-diff"):
        assert _job(name)["rules"] == MR_RULE
    for name in ("site", "pages"):
        assert _job(name)["rules"] == DEFAULT_RULE
    assert PIPELINE["variables"]["GIT_DEPTH"] == "0"


def test_check_uploads_a_code_quality_report() -> None:
    check = _job("check")
    report = check["artifacts"]["reports"]["codequality"]
    assert f"--format gitlab > {report}" in _script("check")
    assert check["artifacts"]["when"] == "always"  # also when the check fails the job
    assert re.search(r'check --changed "origin/\$TARGET"$', _script("check"), re.MULTILINE)
    assert _job("check")["variables"]["TARGET"] == "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"


def test_semantic_diff_is_a_note_and_a_linked_file() -> None:
    script = _script("semantic-diff")
    assert "--format json > semantic-diff.json" in script
    assert "jixiao gitlab-note semantic-diff.json" in script
    artifacts = _job("semantic-diff")["artifacts"]
    assert artifacts["paths"] == ["semantic-diff.md"] and artifacts["expose_as"]
    assert "fmt --check" in _script("fmt")


def test_pages_publishes_the_built_site_and_keeps_it_downloadable() -> None:
    assert "make site" in _script("site")
    assert _job("site")["artifacts"]["paths"] == ["site/"]
    assert _job("site")["variables"]["JIXIAO_SITE_URL"] == "$CI_PAGES_URL/"
    pages = _job("pages")
    assert pages["needs"] == ["site"] and pages["artifacts"]["paths"] == ["public"]
    assert "mv site public" in _script("pages")


# --- jixiao gitlab-note against a fake API -----------------------------------------------------


@pytest.fixture
def gitlab() -> Iterator[tuple[list[tuple[str, str, Any]], list[dict[str, Any]], str]]:
    calls: list[tuple[str, str, Any]] = []
    notes: list[dict[str, Any]] = [
        {"id": 1, "body": f"someone else quoting {MARKER}", "author": {"id": 99}},
    ]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self, method: str) -> None:
            if self.headers.get("PRIVATE-TOKEN") != "glpat-test":
                self._send(401, {"message": "401 Unauthorized"})
                return
            body = None
            if method in ("POST", "PUT"):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            calls.append((method, self.path, body))
            notes_path = "/api/v4/projects/42/merge_requests/5/notes"
            if self.path == "/api/v4/user":
                self._send(200, {"id": 7})
            elif self.path.startswith(notes_path + "?"):
                self._send(200, notes)
            elif self.path == notes_path and method == "POST":
                notes.append({"id": 2, "body": body["body"], "author": {"id": 7}})  # type: ignore[index]
                self._send(201, notes[-1])
            elif self.path == f"{notes_path}/2" and method == "PUT":
                self._send(200, {"id": 2})
            else:
                self._send(404, {"message": "404 Not found"})

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PUT(self) -> None:
            self._route("PUT")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield calls, notes, f"http://127.0.0.1:{server.server_address[1]}/api/v4"
    server.shutdown()
    server.server_close()


def _env(api: str, token: str | None) -> dict[str, str | None]:
    return {
        "CI_API_V4_URL": api,
        "CI_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_IID": "5",
        "CI_JOB_URL": "https://gitlab.example/g/p/-/jobs/1",
        "JIXIAO_NOTE_TOKEN": token,
    }


def test_note_is_posted_then_edited(
    gitlab: tuple[list[tuple[str, str, Any]], list[dict[str, Any]], str], tmp_path: Path
) -> None:
    calls, notes, api = gitlab
    diff = tmp_path / "semantic-diff.json"
    diff.write_text(as_json(hostile_report()), encoding="utf-8")
    first = CliRunner().invoke(main, ["gitlab-note", str(diff)], env=_env(api, "glpat-test"))
    assert first.exit_code == 0, first.output
    assert "发表了合并请求 !5" in first.output
    posted = [c for c in calls if c[0] == "POST"]
    assert len(posted) == 1
    body = posted[0][2]["body"]
    assert MARKER in body and "evil.example" in body
    rendered = marko.Markdown(extensions=["gfm"]).convert(body)
    assert re.findall(r'<a href="([^"]*)"', rendered) == ["https://gitlab.example/g/p/-/jobs/1"]
    assert PAYLOAD not in body  # only as inert text
    second = CliRunner().invoke(main, ["gitlab-note", str(diff)], env=_env(api, "glpat-test"))
    assert second.exit_code == 0 and "更新了" in second.output
    assert [c[0] for c in calls if c[0] in ("POST", "PUT")] == ["POST", "PUT"]
    assert notes[0]["body"].startswith("someone else")  # another author's note is left alone


def test_without_the_token_nothing_is_posted(
    gitlab: tuple[list[tuple[str, str, Any]], list[dict[str, Any]], str], tmp_path: Path
) -> None:
    calls, _, api = gitlab
    diff = tmp_path / "semantic-diff.json"
    diff.write_text(as_json(hostile_report()), encoding="utf-8")
    result = CliRunner().invoke(main, ["gitlab-note", str(diff)], env=_env(api, None))
    assert result.exit_code == 0 and "没有 JIXIAO_NOTE_TOKEN" in result.output
    assert calls == []


def test_wrong_token_and_bad_file_fail_cleanly(
    gitlab: tuple[list[tuple[str, str, Any]], list[dict[str, Any]], str], tmp_path: Path
) -> None:
    _, _, api = gitlab
    diff = tmp_path / "semantic-diff.json"
    diff.write_text(as_json(hostile_report()), encoding="utf-8")
    wrong = CliRunner().invoke(main, ["gitlab-note", str(diff)], env=_env(api, "nope"))
    assert wrong.exit_code == 2 and "HTTP 401" in wrong.output and "nope" not in wrong.output
    diff.write_text("### not json", encoding="utf-8")
    bad = CliRunner().invoke(main, ["gitlab-note", str(diff)], env=_env(api, "glpat-test"))
    assert bad.exit_code == 2 and "不是 jixiao diff 的 JSON" in bad.output
