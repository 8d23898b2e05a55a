"""`jixiao gitlab-note`: the semantic diff as a note on a GitLab merge request.

Run in the merge-request pipeline (.gitlab-ci.yml). GitLab gives every job of that pipeline the
merge request's own `.gitlab-ci.yml`, so no job can be more trusted than the merge request; the
token is therefore a CI/CD variable marked *protected* and *masked*: only pipelines of protected
branches receive it. Without it (a merge request from an unprotected branch or from a fork) this
command posts nothing and says where the diff is instead (the job log and the exposed artifact).

The note is rendered from `jixiao diff --format json` like the GitHub comment (every value inert
Markdown) and edits jixiao's earlier note on the merge request instead of adding one per push.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.review.review_comment import MARKER, comment_body

MAX_API_BYTES = 64 * 1024 * 1024


class GitLab:
    def __init__(self, api_url: str, project_id: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.project_id = project_id
        self.token = token

    def json(self, method: str, path: str, body: object = None) -> Any:
        url = path if path.startswith("/user") else f"/projects/{self.project_id}{path}"
        request = urllib.request.Request(self.api_url + url, method=method)
        request.add_header("PRIVATE-TOKEN", self.token)
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, data=data, timeout=60) as response:
                return json.loads(response.read(MAX_API_BYTES))
        except urllib.error.HTTPError as exc:
            raise JixiaoUserError(f"GitLab API {method} {url}：HTTP {exc.code}") from None
        except urllib.error.URLError as exc:
            raise JixiaoUserError(f"GitLab API {method} {url}：{exc.reason}") from None

    def upsert_note(self, merge_request: int, body: str) -> str:
        me = self.json("GET", "/user").get("id")
        notes_path = f"/merge_requests/{merge_request}/notes"
        for page in range(1, 11):
            notes = self.json("GET", f"{notes_path}?per_page=100&page={page}&sort=asc")
            for note in notes:
                author = note.get("author") or {}
                if author.get("id") == me and MARKER in (note.get("body") or ""):
                    self.json("PUT", f"{notes_path}/{int(note['id'])}", {"body": body})
                    return "updated"
            if len(notes) < 100:
                break
        self.json("POST", notes_path, {"body": body})
        return "created"


def post_merge_request_note(gitlab: GitLab, merge_request: int, diff: object, job_url: str) -> str:
    outcome = gitlab.upsert_note(merge_request, comment_body(diff, job_url))
    word = "更新了" if outcome == "updated" else "发表了"
    return f"{word}合并请求 !{merge_request} 的语义差异评论。"
