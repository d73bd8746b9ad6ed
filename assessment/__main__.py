"""Command line: `python -m assessment <command>`; `--help` lists the commands."""

from __future__ import annotations

import argparse
import getpass
import os
import random
import sys
import tempfile
from pathlib import Path

from assessment import aggregate, export, i18n, importer, quality, translations
from assessment.demo import synthetic_answers
from assessment.instruments import Instruments, instruments_from_settings
from assessment.questionnaire import QuestionnaireError
from assessment.settings import Settings, SettingsError, load_settings
from assessment.storage import Storage, StorageError, Team, TeamError, schema_versions

DEMO_ROUNDS = (("Spring 2025", 11), ("Autumn 2025", 14), ("Spring 2026", 9))
DEMO_TEAM_SIZE = 16
DEMO_SEED = 2024
# An organisation's demo: teams with one closed round of this many online answers each (the last
# too few to be shown), 108 in all, enough for the questionnaire's quality figures.
DEMO_ORGANISATION_TEAMS = (
    ("Outreach north", 40),
    ("Family support", 36),
    ("Youth centre", 32),
    ("Night shelter", 3),
)


# Where scripts hand the lead key over: unlike --lead-key, it shows neither in `ps` nor in history.
LEAD_KEY_VARIABLE = "ASSESSMENT_LEAD_KEY"
LEAD_KEY_HELP = f"the lead key; it shows in `ps` and shell history: prefer {LEAD_KEY_VARIABLE} or the prompt"


class CommandError(Exception):
    """A command cannot do what was asked; the message says why. Exit code 1."""


def _setup() -> tuple[Settings, Instruments]:
    """The settings and every questionnaire version (`.current` is the one answered now)."""
    settings = load_settings()
    return settings, instruments_from_settings(settings)


def _storage(settings: Settings, instruments: Instruments) -> Storage:
    return Storage.from_settings(settings, current_version=instruments.current_version)


def _lead_team(storage: Storage, args: argparse.Namespace) -> Team:
    """The team whose join code and lead key the command was given."""
    team = storage.team_for_lead(args.join_code, _lead_key(args))
    if team is None:
        raise CommandError("That join code and lead key do not open a team. Check both and try again.")
    return team


def _lead_key(args: argparse.Namespace) -> str:
    """The lead key from --lead-key (with a warning), ASSESSMENT_LEAD_KEY, or a prompt that hides it."""
    if args.lead_key:
        print(
            "warning: a key given with --lead-key can be read by other users in `ps` and stays in your "
            f"shell history; set {LEAD_KEY_VARIABLE} instead, or leave both out to be asked for it.",
            file=sys.stderr,
        )
        return args.lead_key
    if os.environ.get(LEAD_KEY_VARIABLE):
        return os.environ[LEAD_KEY_VARIABLE]
    try:
        return getpass.getpass("Lead key: ")
    except EOFError:
        raise CommandError(f"No lead key: type it when asked, or set {LEAD_KEY_VARIABLE}.") from None


def _write_file(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all, and never through a symbolic link planted at its name.

    The data goes to a new private file beside it first, which then takes the name's place:
    a rename replaces a link itself instead of writing into whatever it points to.
    """
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)  # gone already after the rename
    except OSError as exc:
        raise CommandError(f"{path} cannot be written: {exc.strerror}.") from exc


def _questionnaire(args: argparse.Namespace) -> None:
    _, instruments = _setup()
    questionnaire = instruments.get_version(args.version) if args.version else instruments.current
    data = export.questionnaire_csv(questionnaire)
    if args.out:
        _write_file(Path(args.out), data)
    else:
        sys.stdout.buffer.write(data)


def _migrate(args: argparse.Namespace) -> None:
    settings, instruments = _setup()
    # The current version binds older rounds that hold no response to tell theirs (0005).
    storage = Storage.open(settings.database_url, migrate=True, current_version=instruments.current_version)
    with storage.engine.connect() as conn:
        current, _ = schema_versions(conn)
    print(f"The database schema is at version {current}, the newest.")


def _demo(args: argparse.Namespace) -> None:
    settings, instruments = _setup()
    questionnaire = instruments.current
    storage = _storage(settings, instruments)
    rng = random.Random(args.seed)
    created = storage.create_team(args.team)
    for growth, (name, respondents) in enumerate(DEMO_ROUNDS):
        round_ = storage.open_round(created.team.id, name, DEMO_TEAM_SIZE)
        for _ in range(respondents):
            person = storage.person_id(storage.create_person())
            storage.join_team(person, created.team.id)
            storage.submit_response(
                person, questionnaire, synthetic_answers(questionnaire, rng, 0.15 * growth)
            )
        storage.close_round(created.team.id, round_.id)
    storage.open_round(created.team.id, "Autumn 2026", DEMO_TEAM_SIZE)
    print(f"Demo team “{created.team.name}”: {len(DEMO_ROUNDS)} closed rounds and one open round.")
    print(f"Join code: {created.join_code}")
    print(f"Lead key:  {created.lead_key}")
    print("Open the app's Team lead page and enter both to see the dashboard.")


def _export(args: argparse.Namespace) -> None:
    settings, instruments = _setup()
    storage = _storage(settings, instruments)
    team = _lead_team(storage, args)
    rules = aggregate.PublishingRules.from_settings(settings)
    view = aggregate.team_view(storage, instruments, team.id, rules)
    if args.round:
        chosen = next((v for v in view.rounds if v.round.name == args.round), None)
        if chosen is None:
            raise CommandError(f"{team.name} has no round called “{args.round}”.")
        if chosen.figures is None:
            raise CommandError(f"Round “{chosen.round.name}” cannot be exported. {chosen.status}")
    figures = [f for f in view.figures if args.round in (None, f.round.name)]
    if not figures:
        raise CommandError(
            f"{team.name} has no round that can be exported yet: a round must be closed and hold at "
            f"least {rules.min_group_size} responses submitted online."
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _write_file(out / "team_area_scores.csv", export.team_area_scores_csv(team.name, figures))
    _write_file(out / "team_item_distribution.csv", export.team_item_distribution_csv(team.name, figures))
    print(f"Wrote team_area_scores.csv and team_item_distribution.csv for {len(figures)} round(s) to {out}")


def _import(args: argparse.Namespace) -> None:
    settings, instruments = _setup()
    storage = _storage(settings, instruments)
    team = _lead_team(storage, args)
    open_round = storage.open_round_of(team.id)
    if args.round and (open_round is None or open_round.name != args.round):
        raise CommandError(
            f"“{args.round}” is not the open round of {team.name}: only an open round takes answers."
        )
    if open_round is None:
        raise CommandError(f"{team.name} has no open round. Open one on the Team lead page first.")
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    # Paper forms of a round are the round's version, whatever version is current now.
    questionnaire = instruments.get_version(open_round.instrument_version)
    with path.open("rb") as f:
        # One byte past the limit is enough for the importer to refuse an oversized file.
        answer_sets = importer.parse_paper_forms(f.read(importer.MAX_BYTES + 1), questionnaire)
    written = storage.import_responses(team.id, open_round.id, questionnaire, answer_sets)
    print(f"Added {written} response(s) to {team.name}'s round “{open_round.name}”.")


def _translations(args: argparse.Namespace) -> None:
    settings, instruments = _setup()
    version = args.version or instruments.current_version
    questionnaire = instruments.path_of(version)
    languages = list(dict.fromkeys([*i18n.languages(), *instruments.languages_of(version), *args.language]))
    if args.export:
        written = translations.export_po(Path(args.export), i18n.LOCALE_DIR, questionnaire, languages)
        print(f"Wrote {len(written)} files to {args.export}:")
        print("\n".join(f"  {path}" for path in written))
        return
    if args.import_from:
        for line in translations.import_po(Path(args.import_from), i18n.LOCALE_DIR, questionnaire):
            print(f"Imported {line}")
        print("Run `python -m assessment translations --check` to see what is left to translate.")
        return
    gaps = translations.check(i18n.LOCALE_DIR, questionnaire, languages)
    for language in languages[1:] if languages[0] == i18n.SOURCE_LANGUAGE else languages:
        mine = [gap for gap in gaps if gap.language == language]
        print(f"{language}: {'complete' if not mine else f'{len(mine)} text(s) to do'}")
        for gap in mine:
            print(f"  {gap}")
    if gaps:
        raise CommandError(f"{len(gaps)} text(s) missing, unreviewed or stale; see the list above.")


def _create_organisation(args: argparse.Namespace) -> None:
    settings, instruments = _setup()
    created = _storage(settings, instruments).create_organisation(args.name)
    print(f"Organisation “{created.organisation.name}”.")
    print(f"Organisation code: {created.code}")
    print(f"Coordinator key:   {created.coordinator_key}")
    print(
        "Store the key now, for example in a password manager: it is shown only this once. With the "
        "organisation code it opens the app's Organisation page."
    )


def _demo_organisation(args: argparse.Namespace) -> None:
    settings, instruments = _setup()
    questionnaire = instruments.current
    storage = _storage(settings, instruments)
    rng = random.Random(args.seed)
    created = storage.create_organisation(args.name)
    organisation = created.organisation
    for name, respondents in DEMO_ORGANISATION_TEAMS:
        team = storage.create_team(name, organisation).team
        round_ = storage.open_round(team.id, "Spring 2026", respondents + 4)
        for _ in range(respondents):
            person = storage.person_id(storage.create_person())
            storage.join_team(person, team.id)
            storage.submit_response(person, questionnaire, synthetic_answers(questionnaire, rng))
        storage.close_round(team.id, round_.id)
    first = storage.teams_of(organisation)[0]
    autumn = storage.open_round(first.id, "Autumn 2026", DEMO_TEAM_SIZE)
    storage.make_invitation_only(organisation, first.id, autumn.id)
    print(
        f"Demo organisation “{organisation.name}”: {len(DEMO_ORGANISATION_TEAMS)} teams with a closed round "
        f"each, and an invitation-only round open in “{first.name}”."
    )
    print(f"Organisation code: {created.code}")
    print(f"Coordinator key:   {created.coordinator_key}")
    print("Open the app's Organisation page and enter both.")


def _quality(args: argparse.Namespace) -> None:
    settings, instruments = _setup()
    storage = _storage(settings, instruments)
    questionnaire = instruments.get_version(args.version or instruments.current_version)
    rules = aggregate.PublishingRules.from_settings(settings)
    judged = [aggregate.judged_team(storage, instruments, team, rules) for team in storage.all_teams()]
    answers, teams = aggregate.published_answers(judged, questionnaire.version)
    try:
        result = quality.instrument_quality(
            questionnaire, answers.reindex(columns=[i.id for i in questionnaire.items]), teams
        )
    except quality.NotEnoughData as exc:
        raise CommandError(str(exc)) from None
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        written = quality.csv_files(result)
        for name, data in written.items():
            _write_file(out / name, data)
        print(f"Wrote {' and '.join(written)} to {out}")
        return
    print(f"Questionnaire version {result.version}: {result.responses} responses from {result.teams} teams.")
    print(result.areas.to_string(index=False))
    print(result.items.to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assessment", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    printed = commands.add_parser(
        "questionnaire", help="write the questionnaire as CSV (item_id, area, point, reverse_keyed, text)"
    )
    printed.add_argument("--out", help="file to write; default: standard output")
    printed.add_argument(
        "--version", help="the questionnaire version to write, e.g. 2026.1; default: the current one"
    )
    printed.set_defaults(run=_questionnaire)

    migrate = commands.add_parser("migrate", help="create the schema, or upgrade an older one in place")
    migrate.set_defaults(run=_migrate)

    demo = commands.add_parser("demo", help="create a demo team with three closed rounds and one open round")
    demo.add_argument("--team", default="Demo team", help="name of the demo team")
    demo.add_argument("--seed", type=int, default=DEMO_SEED, help="seed of the synthetic answers")
    demo.set_defaults(run=_demo)

    exported = commands.add_parser(
        "export", help="write a team's aggregate CSVs (only rounds that may be shown)"
    )
    exported.add_argument("--join-code", required=True)
    exported.add_argument("--lead-key", help=LEAD_KEY_HELP)
    exported.add_argument("--out", required=True, help="folder to write the two CSV files into")
    exported.add_argument("--round", help="only this round (by name); default: every round that may be shown")
    exported.set_defaults(run=_export)

    imported = commands.add_parser(
        "import", help="add paper forms (a filled-in template CSV) to a team's open round"
    )
    imported.add_argument("file", help="the CSV file: one column per item id, one row per respondent")
    imported.add_argument("--join-code", required=True)
    imported.add_argument("--lead-key", help=LEAD_KEY_HELP)
    imported.add_argument("--round", help="name of the round; default and only choice: the team's open round")
    imported.set_defaults(run=_import)

    organisation = commands.add_parser("org", help="organisations and their coordinators")
    organisation_commands = organisation.add_subparsers(dest="org_command", required=True)
    created = organisation_commands.add_parser(
        "create", help="make an organisation; prints its code and coordinator key (shown once)"
    )
    created.add_argument("name", help="the organisation's name")
    created.set_defaults(run=_create_organisation)
    organisation_demo = organisation_commands.add_parser(
        "demo", help="make a demo organisation: four teams with closed rounds, one invitation-only round"
    )
    organisation_demo.add_argument("--name", default="Demo organisation", help="name of the organisation")
    organisation_demo.add_argument(
        "--seed", type=int, default=DEMO_SEED, help="seed of the synthetic answers"
    )
    organisation_demo.set_defaults(run=_demo_organisation)

    measured = commands.add_parser(
        "quality",
        help="the questionnaire's item and area statistics (Cronbach's alpha) over every published round",
    )
    measured.add_argument("--version", help="the questionnaire version; default: the current one")
    measured.add_argument("--out", help="folder to write the two CSV files into; default: print them")
    measured.set_defaults(run=_quality)

    translated = commands.add_parser(
        "translations",
        help="export PO files for translators, import them back, or check what is missing or stale",
    )
    action = translated.add_mutually_exclusive_group()
    action.add_argument(
        "--export", metavar="DIR", help="write messages.pot and a PO file per language to DIR"
    )
    action.add_argument(
        "--import", dest="import_from", metavar="DIR", help="take translated PO files back from DIR"
    )
    action.add_argument("--check", action="store_true", help="list what is missing or stale (the default)")
    translated.add_argument(
        "--version", help="the questionnaire version whose texts to include; default: the current one"
    )
    translated.add_argument(
        "--language",
        action="append",
        default=[],
        help="also export this language (a new one: es, it, ...); may be given several times",
    )
    translated.set_defaults(run=_translations)

    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (CommandError, importer.PaperFormError, TeamError, translations.TranslationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (SettingsError, QuestionnaireError, StorageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
