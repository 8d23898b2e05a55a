"""One JSON request to a forge's REST API (GitHub, GitLab), as the review commands make them.

Both forges are called the same way: a token header, a JSON body, a bounded read of the answer
and a refusal in Chinese that names the call but never the token. Kept in one place so that
the bound and the error wording cannot drift apart between the two forges.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping

from generator.core.diagnostics import JixiaoUserError

MAX_API_BYTES = 64 * 1024 * 1024  # a page of 100 comments of up to 65,536 characters each
TIMEOUT_SECONDS = 60


def api_request(
    opener: urllib.request.OpenerDirector,
    forge: str,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: object = None,
    *,
    shown: str,
    redirects: tuple[int, ...] = (),
) -> tuple[int, str, bytes]:
    """Status, redirect location and answer (read up to MAX_API_BYTES) of one call.

    `shown` is how the call is named in an error (`GitLab API GET /user：HTTP 401`); a status in
    `redirects` is returned with its Location instead of raising, for the caller to follow.
    """
    request = urllib.request.Request(url, method=method)
    for name, value in headers.items():
        request.add_header(name, value)
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        request.add_header("Content-Type", "application/json")
    try:
        with opener.open(request, data=data, timeout=TIMEOUT_SECONDS) as response:
            return response.status, "", response.read(MAX_API_BYTES)
    except urllib.error.HTTPError as exc:
        if exc.code in redirects:
            return exc.code, exc.headers.get("Location", ""), b""
        raise JixiaoUserError(f"{forge} API {method} {shown}：HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        raise JixiaoUserError(f"{forge} API {method} {shown}：{exc.reason}") from None
