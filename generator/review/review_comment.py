"""Posting the review comment of a pull request, also one from a fork, without trusting it.

GitHub gives a pull request from a fork a read-only token, so the job that runs the pull
request's code (`review.yml`, event `pull_request`) cannot comment. It uploads its semantic diff
as JSON and the pull request's number as the artifact `jixiao-review`. A second workflow
(`review-comment.yml`, event `workflow_run`) runs the default branch's jixiao with
`pull-requests: write`, never checks out or runs anything from the pull request, and calls
`jixiao review-comment`, which:

1. downloads the artifact through the API, refusing it when it is larger than
   MAX_ARTIFACT_BYTES, and reads it in memory: exactly the two expected members, each within
   its own limit (a zip's declared sizes are not believed), no other name (no `../x`);
2. takes the number from the artifact only as a claim: the pull request with that number must be
   open and its head must be the commit and repository the triggering run was for (and, when the
   event lists pull requests, one of them);
3. renders the comment itself from the JSON, checked field by field against the shape that
   `jixiao diff --format json` writes, with every value inert Markdown — the pull request's code
   wrote that JSON, so it is data, never text to paste;
4. edits its earlier comment on the pull request (found by a marker) or posts a new one.
"""

from __future__ import annotations

import io
import json
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.review.diff_format import ReportFormatError, as_markdown, report_from_json
from generator.review.forge_http import api_request

ARTIFACT_NAME = "jixiao-review"
PR_NUMBER_FILE = "pr-number.txt"
DIFF_FILE = "diff.json"
MAX_ARTIFACT_BYTES = 2 * 1024 * 1024  # the zip as downloaded
MAX_MEMBER_BYTES = {PR_NUMBER_FILE: 32, DIFF_FILE: 8 * 1024 * 1024}  # each member, unpacked
MAX_COMMENT_CHARS = 65_000  # GitHub refuses a comment longer than 65,536 characters
MARKER = "<!-- jixiao-review -->"
REDIRECTS = (301, 302, 303, 307, 308)
COMMENTER = "github-actions[bot]"  # whom the workflow's token comments as


class UntrustedArtifactError(JixiaoUserError):
    """The artifact or the pull request it names is not what the triggering run produced."""


@dataclass(frozen=True, slots=True)
class ReviewArtifact:
    """What the untrusted run uploaded: a claimed pull-request number and its diff."""

    pr_number: int
    diff: object  # parsed JSON, not yet checked against the report's shape


def read_artifact(data: bytes) -> ReviewArtifact:
    """The artifact's two members, read in memory within their own limits: a fork's pull
    request wrote it, so nothing in it is trusted, unpacked to disk or believed about its size."""
    if len(data) > MAX_ARTIFACT_BYTES:
        raise UntrustedArtifactError(f"产物有 {len(data)} 字节，超过上限 {MAX_ARTIFACT_BYTES}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UntrustedArtifactError(f"产物不是 zip 文件：{exc}") from None
    names = [member.filename for member in members]
    if sorted(names) != sorted(MAX_MEMBER_BYTES):
        shown = ", ".join(repr(name) for name in names[:10])
        raise UntrustedArtifactError(
            f"产物应当只含 {PR_NUMBER_FILE} 和 {DIFF_FILE}，实际为：{shown}"
        )
    contents: dict[str, bytes] = {}
    for member in members:
        limit = MAX_MEMBER_BYTES[member.filename]
        if member.file_size > limit:
            raise UntrustedArtifactError(f"{member.filename} 超过 {limit} 字节")
        try:
            with archive.open(member) as stream:
                body = stream.read(limit + 1)  # the declared size may lie
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise UntrustedArtifactError(f"无法读取 {member.filename}：{exc}") from None
        if len(body) > limit:
            raise UntrustedArtifactError(f"{member.filename} 超过 {limit} 字节")
        contents[member.filename] = body
    number_text = contents[PR_NUMBER_FILE].decode("ascii", "replace").strip()
    if not number_text.isascii() or not number_text.isdigit() or len(number_text) > 9:
        raise UntrustedArtifactError(f"{PR_NUMBER_FILE} 不是合并请求编号：{number_text[:20]!r}")
    try:
        diff = json.loads(contents[DIFF_FILE].decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # also a 5,000-digit number (int limit)
        raise UntrustedArtifactError(f"{DIFF_FILE} 不是 JSON：{exc}") from None
    return ReviewArtifact(int(number_text), diff)


def verify_pull_request(
    claimed: int,
    pull: Mapping[str, Any],
    *,
    head_sha: str,
    head_repository: str,
    event_numbers: list[int],
) -> None:
    """The claimed pull request is the one the triggering run tested, or this raises."""
    if event_numbers and claimed not in event_numbers:
        raise UntrustedArtifactError(f"产物中的编号 #{claimed} 不是触发运行所属的合并请求")
    head = pull.get("head") or {}
    repo = head.get("repo") or {}
    problems = []
    if pull.get("number") != claimed:
        problems.append("编号不符")
    if pull.get("state") != "open":
        problems.append("合并请求未打开")
    if head.get("sha") != head_sha:
        problems.append("合并请求的最新提交不是触发运行测试的提交")
    if repo.get("full_name") != head_repository:
        problems.append("合并请求的来源仓库不是触发运行的仓库")
    if problems:
        raise UntrustedArtifactError(f"合并请求 #{claimed}：{'；'.join(problems)}")


def comment_body(diff: object, run_url: str) -> str:
    """The comment, rendered here from the checked JSON, within GitHub's length limit."""
    try:
        report = report_from_json(diff)
    except (ReportFormatError, KeyError, TypeError) as exc:
        raise UntrustedArtifactError(f"{DIFF_FILE} 的内容不是 jixiao diff 的 JSON：{exc}") from None
    run = f"[这次检查运行]({run_url})" if run_url.startswith("https://") else "这次检查运行"
    footer = f"\n---\n由 jixiao 根据{run}的语义差异生成。\n{MARKER}\n"
    text = as_markdown(report)
    if len(text) + len(footer) > MAX_COMMENT_CHARS:
        cut = text[: MAX_COMMENT_CHARS - len(footer) - 200]
        cut = cut[: cut.rfind("\n") + 1]
        if cut.count("<details>") > cut.count("</details>"):
            cut += "\n</details>\n"
        text = cut + "\n> 差异太长，评论只显示了前一部分；完整内容见检查运行的日志和产物。\n"
    return text + footer


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the artifact's download URL is followed by hand, without the token


class GitHub:
    """The few REST calls the comment needs, with the job's token, through urllib."""

    def __init__(self, api_url: str, repository: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.repository = repository
        self.token = token
        self._opener = urllib.request.build_opener(_NoRedirect)

    def _request(
        self, method: str, path: str, body: object = None, *, accept: str = "application/json"
    ) -> tuple[int, str, bytes]:
        """Status, redirect location and body (read up to MAX_API_BYTES)."""
        url = path if path.startswith("http") else f"{self.api_url}/repos/{self.repository}{path}"
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Accept": accept,
            "X-GitHub-Api-Version": "2022-11-28",
        }
        return api_request(
            self._opener, "GitHub", method, url, headers, body, shown=path, redirects=REDIRECTS
        )

    def json(self, method: str, path: str, body: object = None) -> Any:
        """One API call answered in JSON."""
        return json.loads(self._request(method, path, body)[2])

    def artifact_zip(self, run_id: int) -> bytes | None:
        """The artifact's zip, or None when the run uploaded none. The signed storage URL it
        redirects to is fetched without the token, so that the token never leaves the API host."""
        listing = self.json("GET", f"/actions/runs/{run_id}/artifacts?name={ARTIFACT_NAME}")
        found = [a for a in listing.get("artifacts", []) if a.get("name") == ARTIFACT_NAME]
        if not found:
            return None
        artifact = found[0]
        size = artifact.get("size_in_bytes")
        if not isinstance(size, int) or size > MAX_ARTIFACT_BYTES:
            raise UntrustedArtifactError(f"产物有 {size} 字节，超过上限 {MAX_ARTIFACT_BYTES}")
        status, location, body = self._request(
            "GET", f"/actions/artifacts/{int(artifact['id'])}/zip", accept="*/*"
        )
        if status in REDIRECTS:
            # GitHub redirects to a signed URL of its storage: fetched without the token.
            scheme = urllib.parse.urlsplit(location).scheme
            if scheme not in ("https", urllib.parse.urlsplit(self.api_url).scheme):
                raise UntrustedArtifactError("产物的下载地址不是 https")
            with urllib.request.urlopen(location, timeout=60) as response:
                body = response.read(MAX_ARTIFACT_BYTES + 1)
        return body

    def pull_request(self, number: int) -> Any:
        """The pull request as GitHub has it now: its head is checked against the triggering run."""
        return self.json("GET", f"/pulls/{number}")

    def upsert_comment(self, number: int, body: str) -> str:
        """Edit jixiao's earlier comment on the pull request, or post the first one."""
        for page in range(1, 11):
            comments = self.json("GET", f"/issues/{number}/comments?per_page=100&page={page}")
            for comment in comments:
                user = comment.get("user") or {}
                if MARKER in (comment.get("body") or "") and user.get("login") == COMMENTER:
                    self.json("PATCH", f"/issues/comments/{int(comment['id'])}", {"body": body})
                    return "updated"
            if len(comments) < 100:
                break
        self.json("POST", f"/issues/{number}/comments", {"body": body})
        return "created"


def post_review_comment(
    github: GitHub,
    *,
    run_id: int,
    head_sha: str,
    head_repository: str,
    event_numbers: list[int],
    server_url: str,
) -> str:
    """What happened, in one line for the job's log."""
    data = github.artifact_zip(run_id)
    if data is None:
        return f"运行 {run_id} 没有产物 {ARTIFACT_NAME}：没有可发表的差异。"
    artifact = read_artifact(data)
    verify_pull_request(
        artifact.pr_number,
        github.pull_request(artifact.pr_number),
        head_sha=head_sha,
        head_repository=head_repository,
        event_numbers=event_numbers,
    )
    run_url = f"{server_url.rstrip('/')}/{github.repository}/actions/runs/{run_id}"
    outcome = github.upsert_comment(artifact.pr_number, comment_body(artifact.diff, run_url))
    word = "更新了" if outcome == "updated" else "发表了"
    return f"{word}合并请求 #{artifact.pr_number} 的审阅评论。"
