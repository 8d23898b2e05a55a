"""The `jixiao` command: thin glue over the core; every command takes `--content DIR`.

Exit codes, the same for every command (README, “退出码”): 0 clean; 1 problems found (errors
in the content, files `fmt --check` would change, imports refused); 2 usage or refused input
(a bad option, a folder or setting jixiao will not use, a disk it cannot write). A user's
mistake raises `JixiaoUserError` anywhere below and is reported once, by `_Main.invoke`.
"""

from __future__ import annotations

import errno
import gc
import json
import sys
from pathlib import Path

import click

from generator.core.diagnostics import (
    JixiaoUserError,
    diagnostics_json,
    github_annotation,
    has_errors,
    summary_line,
)
from generator.core.project import Corpus
from generator.load.corpus import load_corpus
from generator.load.shards import all_shards, parse_shard

DEFAULT_CONTENT = Path("content")
EXIT_CLEAN = 0
EXIT_PROBLEMS = 1  # the input has problems, each reported
EXIT_REFUSED = 2  # usage, or input jixiao refuses to work on (click also exits 2 on usage)
# Python's full collection walks every live object, and a command holds millions that live to its
# end: the corpus, then the site's pages. At 10,000 projects its default thresholds ran 10 full
# passes in a `check` with self-evaluations (2.4 of 15 s) and 12 in a build (4.3 s), measured
# with gc.callbacks; the run's peak memory was the same without them. A command is one run, so a
# full pass waits for 1,000 young ones instead of 10 (the young ones, which free almost all
# cyclic garbage, run as before). `make serve` is MkDocs' own process and keeps the defaults.
FULL_COLLECTION_AFTER = 1000


def collect_fully_less_often() -> None:
    """Python's full garbage collection waits for FULL_COLLECTION_AFTER young ones (see above)."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)


content_option = click.option(
    "--content",
    "content",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CONTENT,
    show_default=True,
    help="申报文件所在的目录。",
)
cache_option = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="检查结果缓存目录（内容未变时加快检查）；默认在仓库之外：$XDG_CACHE_HOME/jixiao 或 "
    "~/.cache/jixiao。",
)
no_cache_option = click.option("--no-cache", is_flag=True, help="不使用缓存，全部重新检查。")


def _print_diagnostics(corpus: Corpus, *, stream_errors: bool = True) -> None:
    out = sys.stderr if stream_errors else sys.stdout
    for diagnostic in corpus.diagnostics:
        click.echo(diagnostic.format(), file=out)
    click.echo(summary_line(corpus.diagnostics, corpus.file_count), file=out)


def _cache(cache_dir: Path | None, no_cache: bool) -> Path | None:
    from generator.load.cache import default_cache_dir

    return None if no_cache else cache_dir or default_cache_dir()


def _print_notices(corpus: Corpus) -> None:
    for notice in corpus.notices:
        click.echo(notice, err=True)


def _load(
    content: Path,
    cache_dir: Path | None,
    no_cache: bool,
    *,
    models: bool = True,
    folders: frozenset[tuple[str, str]] | None = None,
) -> Corpus:
    corpus = load_corpus(content, _cache(cache_dir, no_cache), models=models, folders=folders)
    _print_notices(corpus)
    return corpus


def disk_problem(exc: OSError) -> str:
    """An operating-system error in words a person can act on (not a traceback)."""
    where = f" {exc.filename}" if exc.filename else ""
    advice = {
        errno.EROFS: "文件系统是只读的；请在可写的目录中运行，或用 --site-dir 等选项指定可写的位置",
        errno.ENOSPC: "磁盘空间已满；请清理磁盘（或换一个有空间的目录）后再运行",
        errno.EDQUOT: "超出磁盘配额；请清理文件后再运行",
        errno.EACCES: "没有权限；请检查文件和目录的权限",
        errno.EPERM: "操作不被允许；请检查文件和目录的权限",
    }.get(exc.errno or 0, "请检查文件和磁盘后再运行")
    return f"无法读写{where}：{exc.strerror or exc}。{advice}。"


class _Main(click.Group):
    """The one place a command's failure becomes words and an exit code, never a traceback.

    A refused input (`JixiaoUserError`, raised by any layer) and a disk that is full or
    read-only are the user's or operator's to fix, not bugs: one line of Chinese, exit 2.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            ctx.exit(1)  # the reader of a pipe stopped early (`jixiao export … | head`)
        except JixiaoUserError as exc:
            click.echo(f"错误：{exc}", err=True)
            ctx.exit(EXIT_REFUSED)
        except OSError as exc:
            click.echo(f"错误：{disk_problem(exc)}", err=True)
            ctx.exit(EXIT_REFUSED)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao")
def main() -> None:
    """绩效：财政项目支出绩效目标申报表的检查、导出与网站生成。

    \b
    退出码（所有命令相同）：
      0  没有问题
      1  发现问题（内容有错误、fmt --check 有要改的文件、导入有被拒绝的表）
      2  用法错误或拒绝处理的输入（选项不对、不能使用的目录或设置、无法读写的磁盘）
    """
    collect_fully_less_often()


@main.command()
@content_option
@cache_option
@no_cache_option
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "github", "gitlab"]),
    default="text",
    help="输出格式：text（path:line:col: 错误[code] 字段: 说明）、json，"
    "github（GitHub Actions 注释，问题显示在合并请求的对应行上）"
    "或 gitlab（GitLab 代码质量报告 JSON，供 artifacts: reports: codequality）。",
)  # fmt: skip
@click.option(
    "--changed", "changed_base", is_flag=False, flag_value="", default=None, metavar="[BASE]",
    help="只检查自 BASE（默认：与 main 的合并基点）以来改动的文件，以及需要全部文件的规则。",
)  # fmt: skip
@click.option(
    "--shard", "shard_spec", default=None, metavar="SPEC",
    help="只检查网站的一个分片（year:2024 或 departments:3/10，见 jixiao shards）：一个省的档案"
    "超过单次检查的文件数上限时逐片检查；跨分片的规则此时不检查。",
)  # fmt: skip
def check(
    content: Path,
    cache_dir: Path | None,
    no_cache: bool,
    output_format: str,
    changed_base: str | None,
    shard_spec: str | None,
) -> None:
    """检查全部申报文件；有错误时退出码为 1。"""
    from generator.review.check_changed import changed_paths, keep_for_changed

    only = None if changed_base is None else changed_paths(content, changed_base or None)
    folders = None if shard_spec is None else parse_shard(content, shard_spec).folders
    corpus = load_corpus(
        content, _cache(cache_dir, no_cache), models=False, only=only, folders=folders
    )
    _print_notices(corpus)
    if only is not None:
        corpus.diagnostics = keep_for_changed(corpus.diagnostics, only)
        corpus.file_count = len(only)
    if output_format == "json":
        click.echo(diagnostics_json(corpus.diagnostics))
    elif output_format == "gitlab":
        from generator.review.gitlab_report import code_quality_report, report_root

        click.echo(code_quality_report(corpus.diagnostics, report_root(content)))
    elif output_format == "github":
        for diagnostic in corpus.diagnostics:
            click.echo(github_annotation(diagnostic))
        click.echo(summary_line(corpus.diagnostics, corpus.file_count))
    else:
        _print_diagnostics(corpus, stream_errors=False)
    sys.exit(EXIT_PROBLEMS if has_errors(corpus.diagnostics) else EXIT_CLEAN)


@main.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@content_option
@click.option(
    "--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
    help="text（终端）、markdown（合并请求评论）或 json。",
)  # fmt: skip
@click.option(
    "--threshold", default="0.10", show_default=True,
    help="资金变化超过这个比例（0.10 即 10%）时标为需关注。",
)  # fmt: skip
def diff(
    base: str | None, head: str | None, content: Path, output_format: str, threshold: str
) -> None:
    """比较两个 git 版本的申报（默认：与 main 的合并基点 → 工作区），按项目列出变化。"""
    from decimal import Decimal, InvalidOperation

    from generator.review.diff_format import as_json, as_markdown, as_text
    from generator.review.diff_run import semantic_diff

    try:
        share = Decimal(threshold)
    except InvalidOperation:
        raise JixiaoUserError(f"--threshold “{threshold}”不是数字，例如 0.10") from None
    report = semantic_diff(content, base, head, threshold=share)
    render = {"text": as_text, "markdown": as_markdown, "json": as_json}[output_format]
    click.echo(render(report), nl=False)


@main.command()
@content_option
@cache_option
@no_cache_option
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="网站输出目录；只有全部成功后才会替换。",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="MkDocs 配置文件。",
)
@click.option(
    "--site-url", envvar="JIXIAO_SITE_URL", default=None,
    help="网站的公开地址，如 https://example.org/jixiao/（也可用环境变量 JIXIAO_SITE_URL 或 "
    "mkdocs.yml 的 site_url）；设置后 sitemap.xml 列出每一页。",
)  # fmt: skip
@click.option(
    "--shard", "shard_spec", default=None, metavar="SPEC",
    help="只构建网站的一个分片：year:2024（一个年度）或 departments:3/10（第 3 组主管部门，"
    "共 10 组）。用 jixiao shards 列出全部分片；各分片构建好后用 --portal 合成一个网站。",
)  # fmt: skip
@click.option(
    "--portal", "portal_dir", default=None, metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="合成分片构建的网站：DIR 下每个子目录是一个 --shard 构建好的分片；生成合计全部分片的"
    "首页和索引页，分片放在 shards/ 下，搜索框搜索全部分片。不读取申报文件。",
)  # fmt: skip
def build(
    content: Path,
    cache_dir: Path | None,
    no_cache: bool,
    site_dir: Path,
    config_file: Path,
    site_url: str | None,
    shard_spec: str | None,
    portal_dir: Path | None,
) -> None:
    """检查后生成网站（含全文搜索与数据下载）：先打印与 check 相同的结果，有错误时不发布。"""
    from generator.site.shard_site import SHARDS_FOLDER
    from generator.site.writer import build_portal, build_site  # MkDocs only for a build

    if portal_dir is not None:
        if shard_spec is not None:
            raise JixiaoUserError("--shard 和 --portal 不能同时使用：先分别构建各分片，再合成。")
        shard_dirs = sorted(
            entry for entry in portal_dir.iterdir() if entry.is_dir() and not entry.is_symlink()
        )
        click.echo(
            build_portal(
                shard_dirs, config_file=config_file, site_dir=site_dir, site_url=site_url or None
            )
        )
        return
    shard = parse_shard(content, shard_spec) if shard_spec is not None else None
    if shard is not None and site_url:
        # A shard is served under shards/<name>/ of the site (writer.build_portal).
        site_url = site_url.rstrip("/") + f"/{SHARDS_FOLDER}{shard.name}/"
    corpus = _load(content, cache_dir, no_cache, folders=None if shard is None else shard.folders)
    # Every problem, warnings too, as `jixiao check` prints them: `make site` runs the build
    # alone, so that it reads and checks the content once, not twice.
    _print_diagnostics(corpus)
    if not corpus.ok:
        click.echo(f"内容有错误，网站未生成；原有的 {site_dir.as_posix()}/ 保持不变。", err=True)
        sys.exit(EXIT_PROBLEMS)
    stats = build_site(
        corpus,
        config_file=config_file,
        site_dir=site_dir,
        site_url=site_url or None,
        cache_dir=_cache(cache_dir, no_cache),
        shard=shard,
    )
    click.echo(stats)


@main.command()
@content_option
@click.option(
    "--by", type=click.Choice(["year", "departments"]), default="year", show_default=True,
    help="按年度（每个年度一个分片）或按主管部门分组。",
)  # fmt: skip
@click.option("--count", type=int, default=0, help="按主管部门分组时的组数。")
def shards(content: Path, by: str, count: int) -> None:
    """列出网站的分片（JSON，可直接作为 CI 矩阵）：每个分片用 jixiao build --shard 构建。"""
    listed = [
        {"spec": shard.spec, "name": shard.name, "label": shard.label}
        for shard in all_shards(content, by, count)
    ]
    click.echo(json.dumps(listed, ensure_ascii=False))


@main.command()
@content_option
@cache_option
@no_cache_option
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), required=True)
@click.option(
    "--what", type=click.Choice(["projects", "indicators"]), default="projects", show_default=True,
    help="导出项目（projects）或绩效指标（indicators，仅 csv）。",
)  # fmt: skip
def export(
    content: Path, cache_dir: Path | None, no_cache: bool, output_format: str, what: str
) -> None:
    """把全部申报导出为 JSON 或 CSV，写到标准输出。"""
    from generator.site import export as exporter

    corpus = _load(content, cache_dir, no_cache)
    if not corpus.ok:
        _print_diagnostics(corpus)
        click.echo("内容有错误，未导出。", err=True)
        sys.exit(EXIT_PROBLEMS)
    if output_format == "json":
        data = (
            exporter.projects_json(corpus)
            if what == "projects"
            else exporter.indicators_json(corpus)
        )
        sys.stdout.write(data)
    else:
        data_bytes = (
            exporter.projects_csv(corpus) if what == "projects" else exporter.indicators_csv(corpus)
        )
        sys.stdout.buffer.write(data_bytes)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@content_option
@click.option(
    "--check", "check_only", is_flag=True, help="不改文件：列出需要改的差异，有则退出码为 1。"
)
def fmt(files: tuple[Path, ...], content: Path, check_only: bool) -> None:
    """把申报文件改写为统一格式（字段顺序、引号、金额写法），不改变任何值，保留注释。"""
    import difflib

    from generator.core.registry import RESERVED_RULE, reserved_name
    from generator.core.safe_fs import UnsafePathError, read_regular, write_atomic, yaml_files
    from generator.review.yaml_format import FormatError, format_text

    targets = list(files) or yaml_files(content)
    changed = failed = 0
    for path in targets:
        # Inside content/ no folder on the way may be a link either (a PR could link a year
        # folder to .github/workflows); a file named on the command line is checked itself.
        root = content if path.resolve().is_relative_to(content.resolve()) else None
        if reserved_name(path.stem):
            failed += 1
            click.echo(
                f"{path.as_posix()}: 文件名是保留名称（{RESERVED_RULE}），请改名。", err=True
            )
            continue
        try:
            text = read_regular(path, root).decode("utf-8")
            formatted = format_text(text, path.as_posix())
        except (FormatError, UnicodeDecodeError, UnsafePathError) as exc:
            failed += 1
            click.echo(f"{path.as_posix()}: {exc}", err=True)
            continue
        if formatted == text:
            continue
        changed += 1
        if check_only:
            diff = difflib.unified_diff(
                text.splitlines(keepends=True),
                formatted.splitlines(keepends=True),
                f"a/{path.as_posix()}",
                f"b/{path.as_posix()}",
            )
            click.echo("".join(diff), nl=False)
        else:
            try:
                write_atomic(path, formatted.encode("utf-8"), root)
            except UnsafePathError as exc:
                failed += 1
                click.echo(f"{path.as_posix()}: {exc}", err=True)
                continue
            click.echo(f"已格式化 {path.as_posix()}")
    verb = "需要格式化" if check_only else "已格式化"
    click.echo(f"{len(targets)} 个文件：{verb} {changed} 个，无法处理 {failed} 个。", err=True)
    sys.exit(EXIT_PROBLEMS if failed or (check_only and changed) else EXIT_CLEAN)


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@content_option
@click.option("--dry-run", is_flag=True, help="只显示将要写入的内容，不写文件。")
@click.option("--force", is_flag=True, help="允许用信息更少的内容覆盖已有文件。")
@click.option(
    "--report",
    "report_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="把导入报告另存为 JSON 文件。",
)
@click.option(
    "--department-code",
    help="新主管部门的代码（目录名和网址），如 jiaoyuju；不写时由名称自动生成（见 README）。",
)
def import_command(
    files: tuple[Path, ...],
    content: Path,
    dry_run: bool,
    force: bool,
    report_file: Path | None,
    department_code: str | None,
) -> None:
    """导入已发布的申报表和自评表。

    读取部门预算 PDF、PDF 提取的文本（.txt）、CSV、Excel（.xlsx、.xls）和 Word（.docx）。
    """
    from tqdm import tqdm

    from generator.importers.run import Importer, reports_json

    importer = Importer(content, dry_run=dry_run, force=force, department_code=department_code)
    reports = []
    # The bar only shows on a terminal and for batches, never in a pipe or CI log.
    for path in tqdm(files, desc="导入", unit="个文件", disable=None if len(files) > 5 else True):
        reports.append(importer.import_file(path))
    failed = False
    totals: dict[str, int] = {}
    unplaced = 0
    for report in reports:
        notes = f"（{'；'.join(report.notes)}）" if report.notes else ""
        click.echo(f"{report.source}{notes}")
        if report.error:
            failed = True
            click.echo(f"  错误：{report.error}")
        for problem in report.problems:
            failed = True
            click.echo(f"  错误：{problem}")
        for remark in report.remarks:
            click.echo(f"  说明：{remark}")
        for cell in report.outside:
            unplaced += 1
            click.echo(f"  表格之外的内容（未放置）：{cell.where}“{cell.text}”")
        for form in report.forms:
            totals[form.action] = totals.get(form.action, 0) + 1
            target = f" → {form.file}" if form.file else ""
            click.echo(
                f"  {form.where} {form.project or '（无项目名称）'}（{form.year or '年度不明'}）"
                f"{target}：{form.shown_action}，{form.indicators} 个指标，{form.cells} 格"
                + ("全部放置" if not form.unplaced else f"，{len(form.unplaced)} 格未放置")
            )
            if form.narrative is not None:
                n = form.narrative
                click.echo(f"    经费说明：第 {n.page} 页，{n.amount} {n.unit}（“{n.excerpt}”）")
            for cell in form.unplaced:
                unplaced += 1
                click.echo(f"    未放置：{cell.where}“{cell.text}”")
            for warning in form.warnings:
                click.echo(f"    警告：{warning}")
            for error in form.errors:
                failed = True
                click.echo(f"    错误：{error}")
    summary = "，".join(f"{k} {v}" for k, v in sorted(totals.items())) or "没有申报表"
    click.echo(f"汇总：{sum(totals.values())} 张表（{summary}）；未放置 {unplaced} 格。")
    if report_file is not None:
        report_file.write_text(reports_json(reports), encoding="utf-8")
    if not dry_run and importer.written:
        # Every file written, the registry included: a reviewer sees all that changed.
        click.echo(f"已写入 {len(importer.written)} 个文件：")
        for written in sorted(importer.written):
            if written == importer.registry.path:
                added = "、".join(f"{code}（{name}）" for code, name in importer.registry.saved)
                click.echo(f"  {written.as_posix()}（主管部门名录，新增 {added}）")
            else:
                click.echo(f"  {written.as_posix()}")
        click.echo(f"请运行 jixiao check --content {content} 检查。")
    sys.exit(EXIT_PROBLEMS if failed else EXIT_CLEAN)


@main.command(name="rename-department")
@click.argument("old")
@click.argument("new")
@content_option
@click.option("--dry-run", is_flag=True, help="只显示将要做什么，不改动文件。")
def rename_department(old: str, new: str, content: Path, dry_run: bool) -> None:
    """把主管部门代码 OLD 改为 NEW：移动各年度的目录（在 git 仓库中用 git mv，修订记录随之延续），
    并改写 departments.yaml 中的代码（保留注释）。"""
    from generator.review.rename_department import apply_rename, plan_rename

    plan = plan_rename(content, old, new)
    if dry_run:
        for source, target in plan.moves:
            click.echo(f"将移动 {source.as_posix()} → {target.as_posix()}")
        click.echo(f"将更新 {plan.registry.as_posix()}：代码 {old} → {new}")
        return
    for line in apply_rename(plan):
        click.echo(line)
    advice = "请检查后提交（git commit）。" if plan.git_root is not None else ""
    click.echo(f"主管部门代码 {old} 已改为 {new}；{len(plan.moves)} 个年度目录已移动。{advice}")


@main.command()
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schema"),
    show_default=True,
)
def schema(output: Path) -> None:
    """写出申报文件与部门名录的 JSON Schema（供编辑器校验与补全）。"""
    from generator.core.schema import write_schemas

    for path in write_schemas(output):
        click.echo(path.as_posix())


def _register_forge_commands() -> None:
    from generator.review.review_comment_cli import gitlab_note, review_comment

    main.add_command(review_comment)
    main.add_command(gitlab_note)


_register_forge_commands()


if __name__ == "__main__":
    main()
