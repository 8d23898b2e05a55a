"""`jixiao review-comment`: the privileged half of the fork-safe review comment (see
`review_comment.py`). Its inputs come from the `workflow_run` event through environment
variables, never from the pull request; the token only from GH_TOKEN or GITHUB_TOKEN."""

from __future__ import annotations

import os
import re

import click


@click.command(name="review-comment")
@click.option("--repository", envvar="GITHUB_REPOSITORY", required=True, help="owner/name")
@click.option("--run-id", type=int, required=True, help="触发本工作流的审阅运行的 ID。")
@click.option("--head-sha", required=True, help="审阅运行测试的提交（workflow_run.head_sha）。")
@click.option(
    "--head-repository", required=True,
    help="审阅运行的来源仓库（workflow_run.head_repository.full_name）。",
)  # fmt: skip
@click.option(
    "--event-prs", default="",
    help="事件列出的合并请求编号（空格分隔；来自复刻的合并请求时为空）。",
)  # fmt: skip
@click.option("--api-url", envvar="GITHUB_API_URL", default="https://api.github.com")
@click.option("--server-url", envvar="GITHUB_SERVER_URL", default="https://github.com")
def review_comment(
    repository: str,
    run_id: int,
    head_sha: str,
    head_repository: str,
    event_prs: str,
    api_url: str,
    server_url: str,
) -> None:
    """把合并请求审阅运行的语义差异发为评论（在 workflow_run 中运行，不运行合并请求的代码）。"""
    from generator.core.diagnostics import JixiaoUserError
    from generator.review.review_comment import GitHub, post_review_comment

    token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN")
    if not token:
        raise JixiaoUserError("需要环境变量 GH_TOKEN（工作流的 github.token）")
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", head_sha):
        raise JixiaoUserError(f"--head-sha 不是提交编号：{head_sha[:80]!r}")
    numbers = [int(n) for n in re.findall(r"\d+", event_prs)]
    # A refusal (JixiaoUserError: an artifact over its limit, an HTTP error) is reported, with
    # exit code 2, by the command line's one error handler (`cli._Main`).
    message = post_review_comment(
        GitHub(api_url, repository, token),
        run_id=run_id,
        head_sha=head_sha,
        head_repository=head_repository,
        event_numbers=numbers,
        server_url=server_url,
    )
    click.echo(message)


@click.command(name="gitlab-note")
@click.argument("diff_json", type=click.Path(dir_okay=False, exists=True))
@click.option("--api-url", envvar="CI_API_V4_URL", required=True)
@click.option("--project-id", envvar="CI_PROJECT_ID", required=True)
@click.option("--merge-request", envvar="CI_MERGE_REQUEST_IID", type=int, required=True)
@click.option("--job-url", envvar="CI_JOB_URL", default="")
def gitlab_note(
    diff_json: str, api_url: str, project_id: str, merge_request: int, job_url: str
) -> None:
    """把 jixiao diff --format json 的结果发为 GitLab 合并请求的评论（令牌：JIXIAO_NOTE_TOKEN）。"""
    import json

    from generator.core.diagnostics import JixiaoUserError
    from generator.review.gitlab_note import GitLab, post_merge_request_note

    token = os.environ.get("JIXIAO_NOTE_TOKEN")
    if not token:
        click.echo(
            "没有 JIXIAO_NOTE_TOKEN：受保护的变量只提供给受保护分支的流水线，来自复刻的合并请求"
            "也没有。语义差异见本作业的日志和合并请求页面上的“语义差异”产物链接。"
        )
        return
    try:
        with open(diff_json, encoding="utf-8") as stream:
            diff = json.load(stream)
    except (ValueError, OSError) as exc:
        raise JixiaoUserError(f"{diff_json} 不是 jixiao diff 的 JSON：{exc}") from exc
    # An HTTP error is a JixiaoUserError too: `cli._Main` reports it and exits 2.
    click.echo(
        post_merge_request_note(GitLab(api_url, project_id, token), merge_request, diff, job_url)
    )
