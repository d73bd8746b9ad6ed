"""Command line: `python -m assessment <command>`; `--help` lists the commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assessment import export
from assessment.questionnaire import QuestionnaireError, load_questionnaire
from assessment.settings import SettingsError, load_settings


def _questionnaire(args: argparse.Namespace) -> int:
    settings = load_settings()
    questionnaire = load_questionnaire(settings.questionnaire_path, settings.language)
    data = export.questionnaire_csv(questionnaire)
    if args.out:
        Path(args.out).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assessment", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    printed = commands.add_parser(
        "questionnaire", help="write the questionnaire as CSV (item_id, area, point, reverse_keyed, text)"
    )
    printed.add_argument("--out", help="file to write; default: standard output")
    printed.set_defaults(run=_questionnaire)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (SettingsError, QuestionnaireError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
