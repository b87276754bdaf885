"""The layout holds: the web and the command line reach the store, the voices and the audio only
through Service's named methods, never through its parts (`service.store`, `service.synthesizer`,
`service.pregen`, `service.queue`), so a new store, audio store or job runner changes Service alone."""

import re

from harness import PROJECT

PACKAGE = PROJECT / "a11y"
REACHING_PAST = re.compile(r"\bservice\.(store|synthesizer|pregen|queue)\b")


def reaching_past() -> set[tuple[str, str]]:
    """(file, line) for every line of the web package and the CLI that names one of Service's parts."""
    sources = [*sorted((PACKAGE / "web").rglob("*.py")), PACKAGE / "cli.py"]
    found = set()
    for source in sources:
        for line in source.read_text(encoding="utf-8").splitlines():
            if REACHING_PAST.search(line):
                found.add((source.relative_to(PROJECT).as_posix(), line.strip()))
    return found


def test_the_web_and_the_cli_go_through_service_only():
    found = sorted(reaching_past())
    assert not found, "use (or add) a named Service method instead of:\n" + "\n".join(f"{f}: {line}" for f, line in found)


def test_the_scan_sees_a_line_that_reaches_past():
    assert REACHING_PAST.search("rows = request.app.state.service.store.newest(10)")
    assert REACHING_PAST.search("ArticleAudio(self.service.synthesizer)")
    assert not REACHING_PAST.search("rows = service.articles_page(10)")
    assert not REACHING_PAST.search("self.service_store.count()")


def test_no_two_modules_share_a_name():
    """One noun, one module: `narration` beside `narrator`, or a `lexicon.py` (or `errors.py`) in two
    packages, made a reader guess which one a line means."""
    modules: dict[str, list[str]] = {}
    for source in PACKAGE.rglob("*.py"):
        if source.name != "__init__.py":
            modules.setdefault(source.stem, []).append(source.relative_to(PROJECT).as_posix())
    modules.update({package.name: [package.relative_to(PROJECT).as_posix()] + modules.get(package.name, [])
                    for package in PACKAGE.iterdir() if (package / "__init__.py").is_file()})
    shared = {name: paths for name, paths in modules.items() if len(paths) > 1}
    assert not shared, shared
