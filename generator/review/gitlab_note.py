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
import urllib.request
from typing import Any

from generator.review.forge_http import api_request
from generator.review.review_comment import MARKER, comment_body


class GitLab:
    """The few REST calls the note needs, with the job's token, through urllib."""

    def __init__(self, api_url: str, project_id: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.project_id = project_id
        self.token = token
        self._opener = urllib.request.build_opener()

    def json(self, method: str, path: str, body: object = None) -> Any:
        """One API call of this project; the token goes to the configured GitLab API only."""
        url = path if path.startswith("/user") else f"/projects/{self.project_id}{path}"
        headers = {"PRIVATE-TOKEN": self.token}
        _, _, answer = api_request(
            self._opener, "GitLab", method, self.api_url + url, headers, body, shown=url
        )
        return json.loads(answer)

    def upsert_note(self, merge_request: int, body: str) -> str:
        """Edit jixiao's earlier note on the merge request (its own, found by the marker), or
        post the first one: one note per merge request, however often the pipeline runs."""
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
    """What happened, in one line for the job's log."""
    outcome = gitlab.upsert_note(merge_request, comment_body(diff, job_url))
    word = "更新了" if outcome == "updated" else "发表了"
    return f"{word}合并请求 !{merge_request} 的语义差异评论。"
