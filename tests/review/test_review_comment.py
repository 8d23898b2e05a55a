"""The privileged half of the review comment, given hostile artifacts, against a fake GitHub API.

`jixiao review-comment` runs with `pull-requests: write` on whatever a pull request's own code
uploaded. The fake API below serves the artifact, the pull request and its comments, records
what was posted, and checks that the token never leaves the API host.
"""

from __future__ import annotations

import io
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import marko
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.review.diff_format import as_json, as_markdown, report_from_json
from generator.review.review_comment import (
    MARKER,
    MAX_ARTIFACT_BYTES,
    MAX_COMMENT_CHARS,
    comment_body,
)
from generator.review.semantic_diff import (
    DepartmentTotal,
    DiffReport,
    FieldChange,
    FundingChange,
    IndicatorChange,
    ProjectChange,
)

REPO = "finance/jixiao-data"
FORK = "someone/jixiao-data"
HEAD = "a" * 40
TOKEN = "secret-token-123"
RUN = 4242
GFM = marko.Markdown(extensions=["gfm"])
PAYLOAD = "[领奖](https://evil.example) ![](https://evil.example/p.png) @finance/admins #1 <b>x</b>"


def hostile_report(name: str = PAYLOAD, projects: int = 1) -> DiffReport:
    return DiffReport(
        base="origin/main",
        head="HEAD",
        projects=[
            ProjectChange(
                kind="changed",
                old_path="content/2024/a/b.yaml",
                new_path="content/2024/a/b.yaml",
                name=f"{name} {n}",
                department="上海市宝山区总工会 **重要**",
                year=2024,
                fields=[FieldChange("项目名称", "旧名", f"{name} {n}")],
                funding=[FundingChange("年度资金申请总额", Decimal("100.00"), Decimal("90.00"))],
                indicators=[
                    IndicatorChange(
                        "target", "产出指标", "数量指标", "覆盖 `人数`", "≥10", "≥5", "更宽松"
                    )
                ],
                flags=["指标目标放宽 @someone"],
                annual_before=Decimal("100.00"),
                annual_after=Decimal("90.00"),
            )
            for n in range(projects)
        ],
        departments=[DepartmentTotal("上海市宝山区总工会", Decimal("100.00"), Decimal("90.00"))],
        invalid=[],
    )


def artifact(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def good_members(number: int = 7, report: DiffReport | None = None) -> dict[str, bytes]:
    return {
        "pr-number.txt": f"{number}\n".encode(),
        "diff.json": as_json(report or hostile_report()).encode(),
    }


@dataclass
class FakeGitHub:
    zip_bytes: bytes = b""
    declared_size: int | None = None
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: list[dict[str, Any]] = field(default_factory=list)
    posted: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    downloads: int = 0
    token_seen_outside_api: bool = False
    unauthorised_api_calls: int = 0


def pull(number: int, *, sha: str = HEAD, repo: str = FORK, state: str = "open") -> dict[str, Any]:
    return {"number": number, "state": state, "head": {"sha": sha, "repo": {"full_name": repo}}}


@pytest.fixture
def github() -> Iterator[tuple[FakeGitHub, str]]:
    fake = FakeGitHub(pulls={7: pull(7), 8: pull(8, sha="b" * 40)})

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self, method: str) -> None:
            path = self.path
            if path.startswith("/blob/"):
                fake.downloads += 1
                if self.headers.get("Authorization"):
                    fake.token_seen_outside_api = True
                self._send(200, fake.zip_bytes)
                return
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                fake.unauthorised_api_calls += 1
                self._send(401, {"message": "Bad credentials"})
                return
            prefix = f"/repos/{REPO}"
            body = None
            if method in ("POST", "PATCH"):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if path.startswith(f"{prefix}/actions/runs/{RUN}/artifacts"):
                size = fake.declared_size if fake.declared_size is not None else len(fake.zip_bytes)
                listed = [{"id": 99, "name": "jixiao-review", "size_in_bytes": size}]
                self._send(200, {"artifacts": listed if fake.zip_bytes else []})
            elif path == f"{prefix}/actions/artifacts/99/zip":
                host, port = self.server.server_address[:2]
                self._send(302, b"", {"Location": f"http://{host}:{port}/blob/99?sig=x"})
            elif m := re.fullmatch(rf"{prefix}/pulls/(\d+)", path):
                number = int(m.group(1))
                if number in fake.pulls:
                    self._send(200, fake.pulls[number])
                else:
                    self._send(404, {"message": "Not Found"})
            elif m := re.fullmatch(rf"{prefix}/issues/(\d+)/comments\?.*", path):
                self._send(200, [c for c in fake.comments if c["issue"] == int(m.group(1))])
            elif m := re.fullmatch(rf"{prefix}/issues/(\d+)/comments", path):
                assert body is not None
                fake.posted.append(("POST", m.group(1), body))
                fake.comments.append(
                    {"id": 500 + len(fake.comments), "issue": int(m.group(1)),
                     "body": body["body"], "user": {"login": "github-actions[bot]", "type": "Bot"}}
                )  # fmt: skip
                self._send(201, fake.comments[-1])
            elif m := re.fullmatch(rf"{prefix}/issues/comments/(\d+)", path):
                assert body is not None
                fake.posted.append(("PATCH", m.group(1), body))
                self._send(200, {"id": int(m.group(1))})
            else:
                self._send(404, {"message": f"no route {method} {path}"})

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PATCH(self) -> None:
            self._route("PATCH")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield fake, f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def run(api: str, *extra: str, event_prs: str = "") -> Any:
    args = ["review-comment", "--repository", REPO, "--run-id", str(RUN), "--head-sha", HEAD,
            "--head-repository", FORK, "--event-prs", event_prs, "--api-url", api,
            *extra]  # fmt: skip
    return CliRunner().invoke(main, args, env={"GH_TOKEN": TOKEN, "GITHUB_TOKEN": None})


def _links(body: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"', GFM.convert(body))


def test_fork_pull_request_gets_an_inert_comment(github: tuple[FakeGitHub, str]) -> None:
    fake, api = github
    fake.zip_bytes = artifact(good_members())
    result = run(api)
    assert result.exit_code == 0, result.output
    assert "发表了合并请求 #7 的审阅评论" in result.output
    [(method, number, body)] = fake.posted
    assert (method, number) == ("POST", "7")
    text = body["body"]
    assert MARKER in text
    assert "旧名 → " in text and "evil.example" in text  # the change is shown, as text
    assert _links(text) == [f"https://github.com/{REPO}/actions/runs/{RUN}"]  # only our own
    rendered = GFM.convert(text)
    assert "<img" not in rendered and "<b>" not in rendered and "<code>" not in rendered
    assert "@someone" not in re.sub(r"<[^>]+>", "", rendered).replace("&#8203;", "")
    assert fake.downloads == 1 and not fake.token_seen_outside_api


def test_second_run_edits_the_same_comment(github: tuple[FakeGitHub, str]) -> None:
    fake, api = github
    fake.zip_bytes = artifact(good_members())
    assert run(api).exit_code == 0
    assert run(api).exit_code == 0
    assert [(m, n) for m, n, _ in fake.posted] == [("POST", "7"), ("PATCH", "500")]


def test_same_repository_pull_request_listed_by_the_event(github: tuple[FakeGitHub, str]) -> None:
    fake, api = github
    fake.pulls[7] = pull(7, repo=FORK)
    fake.zip_bytes = artifact(good_members())
    assert run(api, event_prs="7").exit_code == 0
    assert len(fake.posted) == 1


@pytest.mark.parametrize(
    ("number", "event_prs", "pull_request", "reason"),
    [
        (8, "", pull(8, sha="b" * 40), "不是触发运行测试的提交"),  # another PR's number
        (8, "7", pull(8), "不是触发运行所属的合并请求"),  # not the event's PR
        (7, "", pull(7, repo=REPO), "来源仓库"),  # same commit pushed from elsewhere
        (7, "", pull(7, state="closed"), "未打开"),
        (9, "", None, "HTTP 404"),  # no such pull request
    ],
)
def test_wrong_pull_request_is_refused(
    github: tuple[FakeGitHub, str],
    number: int,
    event_prs: str,
    pull_request: dict[str, Any] | None,
    reason: str,
) -> None:
    fake, api = github
    if pull_request is not None:
        fake.pulls[number] = pull_request
    fake.zip_bytes = artifact(good_members(number))
    result = run(api, event_prs=event_prs)
    assert result.exit_code == 2
    assert reason in result.output
    assert fake.posted == []


def test_oversized_artifact_is_not_downloaded(github: tuple[FakeGitHub, str]) -> None:
    fake, api = github
    fake.zip_bytes = artifact(good_members())
    fake.declared_size = MAX_ARTIFACT_BYTES + 1
    result = run(api)
    assert result.exit_code == 2 and "超过上限" in result.output
    assert fake.downloads == 0 and fake.posted == []


def test_artifact_larger_than_it_said_is_refused(github: tuple[FakeGitHub, str]) -> None:
    fake, api = github
    noise = bytes(range(256)) * (MAX_ARTIFACT_BYTES // 256 + 10)
    fake.zip_bytes = artifact({**good_members(), "diff.json": noise}, zipfile.ZIP_STORED)
    fake.declared_size = 1000  # the listing lies; the download is still counted
    result = run(api)
    assert result.exit_code == 2 and "超过上限" in result.output
    assert fake.posted == []


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"../pr-number.txt": b"7", "diff.json": b"{}"}, "只含"),
        ({"/etc/pr-number.txt": b"7", "diff.json": b"{}"}, "只含"),
        ({**good_members(), "../../.github/workflows/x.yml": b"on: push"}, "只含"),
        ({"pr-number.txt": b"7"}, "只含"),
        ({"pr-number.txt": b"7 && curl evil", "diff.json": b"{}"}, "不是合并请求编号"),
        ({"pr-number.txt": b"-7", "diff.json": b"{}"}, "不是合并请求编号"),
        ({"pr-number.txt": b"7", "diff.json": b"x" * (9 * 1024 * 1024)}, "超过"),  # a zip bomb
        ({"pr-number.txt": b"7", "diff.json": b"### [x](https://evil.example)"}, "不是 JSON"),
        ({"pr-number.txt": b"7", "diff.json": b"[" * 100_000}, "不是 JSON"),
        ({"pr-number.txt": b"7", "diff.json": b"9" * 5000}, "不是 JSON"),
    ],
    ids=[
        "traversal",
        "absolute",
        "extra",
        "missing",
        "command",
        "negative",
        "bomb",
        "markdown",
        "deep",
        "huge-number",
    ],
)
def test_hostile_artifact_is_refused(
    github: tuple[FakeGitHub, str], members: dict[str, bytes], reason: str
) -> None:
    fake, api = github
    fake.zip_bytes = artifact(members)
    assert len(fake.zip_bytes) < MAX_ARTIFACT_BYTES  # refused for what is inside, not its size
    result = run(api)
    assert result.exit_code == 2, result.output
    assert reason in result.output
    assert "Traceback" not in result.output
    assert fake.posted == []


def test_duplicate_member_names_are_refused(github: tuple[FakeGitHub, str]) -> None:
    fake, api = github
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pr-number.txt", "7")
        archive.writestr("diff.json", as_json(hostile_report()))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("pr-number.txt", "8")
    fake.zip_bytes = buffer.getvalue()
    assert run(api).exit_code == 2
    assert fake.posted == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(extra="<script>"),  # an unknown key
        lambda d: d["projects"][0].update(name=["not", "text"]),
        lambda d: d["projects"][0].update(kind="<b>x</b>"),
        lambda d: d["projects"][0].update(annual_total_after="1E+999999"),
        lambda d: d["projects"][0].update(year="2024"),
        lambda d: d["projects"][0].update(year=10**4000),
        lambda d: d["departments"][0].update(before=1.5),
        lambda d: d.update(incomplete_history="yes"),
    ],
    ids=[
        "unknown-key",
        "name-list",
        "kind",
        "exponent",
        "year-text",
        "year-huge",
        "float",
        "flag-text",
    ],
)
def test_json_not_written_by_jixiao_is_refused(github: tuple[FakeGitHub, str], change: Any) -> None:
    fake, api = github
    data = json.loads(as_json(hostile_report()))
    change(data)
    members = {"pr-number.txt": b"7", "diff.json": json.dumps(data).encode()}
    fake.zip_bytes = artifact(members)
    result = run(api)
    assert result.exit_code == 2 and "不是 jixiao diff 的 JSON" in result.output
    assert fake.posted == []


def test_no_artifact_is_not_an_error(github: tuple[FakeGitHub, str]) -> None:
    fake, api = github
    result = run(api)
    assert result.exit_code == 0 and "没有产物" in result.output
    assert fake.posted == []


def test_wrong_token_fails_cleanly(github: tuple[FakeGitHub, str]) -> None:
    fake, api = github
    fake.zip_bytes = artifact(good_members())
    args = ["review-comment", "--repository", REPO, "--run-id", str(RUN), "--head-sha", HEAD,
            "--head-repository", FORK, "--api-url", api]  # fmt: skip
    result = CliRunner().invoke(main, args, env={"GH_TOKEN": "wrong", "GITHUB_TOKEN": None})
    assert result.exit_code == 2 and "HTTP 401" in result.output
    assert "wrong" not in result.output


def test_head_sha_must_be_a_commit(github: tuple[FakeGitHub, str]) -> None:
    _, api = github
    args = ["review-comment", "--repository", REPO, "--run-id", "1", "--head-sha", "$(id)",
            "--head-repository", FORK, "--api-url", api]  # fmt: skip
    result = CliRunner().invoke(main, args, env={"GH_TOKEN": TOKEN})
    assert result.exit_code == 2 and "不是提交编号" in result.output


def test_comment_is_rendered_from_data_exactly_as_diff_renders_it() -> None:
    report = hostile_report(projects=3)
    again = report_from_json(json.loads(as_json(report)))
    assert as_markdown(again) == as_markdown(report)


def test_long_diff_is_cut_to_fit_a_comment() -> None:
    data = json.loads(as_json(hostile_report(projects=600)))
    body = comment_body(data, "https://github.com/o/r/actions/runs/1")
    assert len(body) <= MAX_COMMENT_CHARS
    assert "差异太长" in body and body.endswith(f"{MARKER}\n")
    assert body.count("<details>") == body.count("</details>")
