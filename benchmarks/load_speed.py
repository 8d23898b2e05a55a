"""Where `jixiao check` spends its CPU on each file: declarations beside self-evaluations.

    python benchmarks/load_speed.py [--count 2000] [--seed 2024] [--repeat 3] [--json FILE]

Generates `count` declarations with a self-evaluation (自评表) each (synth.py `--evaluations
1.0`), reads every file into memory, then times in this one process, stage by stage, what
`load_corpus` does to each file (`_load_file` for a declaration, `evaluation_corpus._load` for
a 自评表): decoding and the strict YAML reader, the character checks, schema validation, and
the rules (for a 自评表: our reading `analyse`, its checks and the acknowledgements). Two more
rows show the reader's floors: libyaml's own event stream with nothing built from it, and the
strict value-by-value reader (`_parse_strictly`) that the lean loop falls back to.

CPU seconds (`time.process_time`), the best of `--repeat` passes over every file, so that
a busy shared machine disturbs the figures as little as possible. Every file must load without
an error (the synthetic content is clean), so a fast wrong answer does not pass for a fast one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (a sibling script, not an installed package)

from generator.core.diagnostics import Severity  # noqa: E402
from generator.core.evaluation_analysis import analyse  # noqa: E402
from generator.core.evaluation_model import Evaluation  # noqa: E402
from generator.core.model import Declaration  # noqa: E402
from generator.load import yaml_source  # noqa: E402
from generator.load.acknowledgements import apply_acknowledgements  # noqa: E402
from generator.load.checks import (  # noqa: E402
    check_declaration,
    check_document_characters,
    check_layout_fields,
)
from generator.load.evaluation_checks import check_evaluation  # noqa: E402
from generator.load.validation import validate_document  # noqa: E402
from generator.load.yaml_source import YamlDocument, decode_source, load_yaml_bytes  # noqa: E402

# The value-by-value reader; before the lean loop (commit 786bf5d) it was `parse_yaml` itself,
# so that this script also measures that code.
_parse_strictly = getattr(yaml_source, "_parse_strictly", yaml_source.parse_yaml)

STAGES = ("read (decode + YAML)", "characters", "validation", "rules / analysis + checks")


def _best(repeat: int, run: Callable[[], dict[str, float]]) -> dict[str, float]:
    best: dict[str, float] = {}
    for _ in range(repeat):
        for stage, seconds in run().items():
            best[stage] = min(best.get(stage, seconds), seconds)
    return best


def _document(raw: bytes, shown: str) -> YamlDocument:
    document, problems = load_yaml_bytes(raw, shown)
    if document is None or any(p.severity is Severity.ERROR for p in problems):
        raise SystemExit(f"load_speed: {shown} does not load cleanly: {problems[:1]}")
    return document


def time_declarations(files: Sequence[tuple[str, bytes]]) -> dict[str, float]:
    spent = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time
    for shown, raw in files:
        started = clock()
        document = _document(raw, shown)
        read = clock()
        check_document_characters(document, shown)
        characters = clock()
        check_layout_fields(document, shown)
        declaration, _ = validate_document(Declaration, document, shown)
        validated = clock()
        if declaration is None:
            raise SystemExit(f"load_speed: {shown} does not validate")
        problems = check_declaration(declaration, document, shown)
        apply_acknowledgements(problems, declaration.acknowledged, document, shown)
        done = clock()
        for stage, seconds in zip(
            STAGES,
            (read - started, characters - read, validated - characters, done - validated),
            strict=True,
        ):
            spent[stage] += seconds
    return spent


def time_evaluations(
    files: Sequence[tuple[str, bytes]], declarations: dict[str, Declaration]
) -> dict[str, float]:
    spent = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time
    for shown, raw in files:
        declared = declarations[shown.replace(".自评.yaml", ".yaml")]
        started = clock()
        document = _document(raw, shown)
        read = clock()
        check_document_characters(document, shown)
        characters = clock()
        evaluation, _ = validate_document(Evaluation, document, shown)
        validated = clock()
        if evaluation is None:
            raise SystemExit(f"load_speed: {shown} does not validate")
        analysis = analyse(evaluation, declared)
        problems = check_evaluation(evaluation, document, shown, declared, analysis)
        apply_acknowledgements(problems, evaluation.acknowledged, document, shown)
        done = clock()
        for stage, seconds in zip(
            STAGES,
            (read - started, characters - read, validated - characters, done - validated),
            strict=True,
        ):
            spent[stage] += seconds
    return spent


def time_floors(files: Sequence[tuple[str, bytes]]) -> dict[str, float]:
    """libyaml's event stream alone, and the strict reader that the lean loop falls back to."""
    texts = [decode_source(raw, shown)[0] or "" for shown, raw in files]
    clock = time.process_time
    started = clock()
    for text in texts:
        parser = yaml_source._Parser(text)
        get = parser.get_event
        while get() is not None:
            pass
        parser.dispose()
    events = clock()
    for (shown, _), text in zip(files, texts, strict=True):
        _parse_strictly(text, shown)
    strict = clock()
    return {"libyaml events only": events - started, "strict reader": strict - events}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="declarations (default 2000)")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best counts")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures")
    args = parser.parse_args(argv)
    if args.count <= 0 or args.repeat <= 0:
        parser.error("--count and --repeat must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jixiao-load-speed-") as workdir:
        content = Path(workdir) / "content"
        synth.generate(content, args.count, seed=args.seed, evaluations=1.0)
        paths = sorted(content.glob("*/*/*.yaml"))
        files = [(str(p), p.read_bytes()) for p in paths]
    declared_files = [(s, r) for s, r in files if not s.endswith(".自评.yaml")]
    evaluation_files = [(s, r) for s, r in files if s.endswith(".自评.yaml")]
    declarations: dict[str, Declaration] = {}
    for shown, raw in declared_files:
        parsed, _ = validate_document(Declaration, _document(raw, shown), shown)
        assert parsed is not None
        declarations[shown] = parsed

    declared = _best(args.repeat, lambda: time_declarations(declared_files))
    evaluated = _best(args.repeat, lambda: time_evaluations(evaluation_files, declarations))
    floors = [
        _best(args.repeat, lambda: time_floors(declared_files)),
        _best(args.repeat, lambda: time_floors(evaluation_files)),
    ]
    declared_bytes = sum(len(r) for _, r in declared_files)
    evaluation_bytes = sum(len(r) for _, r in evaluation_files)

    print(f"yaml: libyaml {'yes' if yaml.__with_libyaml__ else 'no'}; best of {args.repeat}")
    print()
    counts = f"{len(declared_files):,} 申报表 | {len(evaluation_files):,} 自评表"
    print(f"| CPU s | {counts} | 自评表 ÷ 申报表 |")
    print("|---|---:|---:|---:|")
    rows = [*STAGES, "total"]
    declared["total"] = sum(declared[s] for s in STAGES)
    evaluated["total"] = sum(evaluated[s] for s in STAGES)
    for stage in rows:
        ratio = evaluated[stage] / declared[stage] if declared[stage] else float("nan")
        print(f"| {stage} | {declared[stage]:.3f} | {evaluated[stage]:.3f} | {ratio:.2f} |")
    for floor in ("libyaml events only", "strict reader"):
        a, b = floors[0][floor], floors[1][floor]
        print(f"| ({floor}) | {a:.3f} | {b:.3f} | {b / a:.2f} |")
    share = evaluation_bytes / declared_bytes
    print(f"| (bytes) | {declared_bytes:,} | {evaluation_bytes:,} | {share:.2f} |")
    if args.json:
        report = {
            "count": args.count,
            "seed": args.seed,
            "repeat": args.repeat,
            "libyaml": bool(yaml.__with_libyaml__),
            "declarations": {**declared, **floors[0], "bytes": declared_bytes},
            "evaluations": {**evaluated, **floors[1], "bytes": evaluation_bytes},
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
