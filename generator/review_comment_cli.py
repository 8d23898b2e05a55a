"""`jixiao review-comment`: the privileged half of the fork-safe review comment (see
`review_comment.py`). Its inputs come from the `workflow_run` event through environment
variables, never from the pull request; the token only from GH_TOKEN or GITHUB_TOKEN."""

from __future__ import annotations

import os
import re
import sys

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
    from generator.diagnostics import JixiaoUserError
    from generator.review_comment import GitHub, post_review_comment

    token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN")
    if not token:
        click.echo("错误：需要环境变量 GH_TOKEN（工作流的 github.token）", err=True)
        sys.exit(2)
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", head_sha):
        click.echo(f"错误：--head-sha 不是提交编号：{head_sha[:80]!r}", err=True)
        sys.exit(2)
    numbers = [int(n) for n in re.findall(r"\d+", event_prs)]
    try:
        message = post_review_comment(
            GitHub(api_url, repository, token),
            run_id=run_id,
            head_sha=head_sha,
            head_repository=head_repository,
            event_numbers=numbers,
            server_url=server_url,
        )
    except JixiaoUserError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    click.echo(message)
