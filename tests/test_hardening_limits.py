"""Hardening (issue 15): bounded work on hostile input, files that cannot be read, caches that cannot be used,
and terminal-safe command output. Each test writes real files and runs the real pipeline or command."""

from __future__ import annotations

import datetime
import json
import marshal
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CJM, PERSONA, SITE_CONFIG, Writer
from journeymaps.analysis.facts import add_days, source_date_epoch
from journeymaps.pipeline import Pipeline, build
from journeymaps.render.catalog_json import catalog_json
from journeymaps.settings import Settings
from journeymaps.sources.files import text_pages
from journeymaps.sources.frontmatter import MAX_EXPANSION, parse_frontmatter
from journeymaps.sources.parse_cache import FILE_NAME
from journeymaps.validation.ids import is_valid_id

ESC = "\x1b"


def run(project: Path, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,  # a command that blocks (on a fifo) fails the test instead of hanging it
        env={**os.environ, **env},
    )


def settings(project: Path) -> Settings:
    return Settings.for_folder(project / "content", project)


def pages(project: Path) -> list[object]:
    """The pages as text, as MkDocs hands them over (the parse cache keeps pages given as text)."""
    content = project / "content"
    files = {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8") for p in content.rglob("*.md")}
    return list(text_pages(settings(project), files))


# --- date arithmetic on user input ----------------------------------------------------------------


def test_review_dates_at_the_ends_of_the_calendar(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    cjm = CJM.replace("zooms_into: lifecycle#open\n", "")
    write("maps/opening.md", cjm.replace("reviewed: 2026-09-30", "reviewed: 9999-12-31\nreview_every: 36500"))
    write("maps/old.md", cjm.replace("Account opening", "Old").replace("reviewed: 2026-09-30", "reviewed: 0001-01-01"))
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    handbook = build(settings(project), as_of=datetime.date(2026, 11, 23))
    assert [str(d) for d in handbook.report.errors] == []
    far, old = handbook.analysis.maps["opening"].review, handbook.analysis.maps["old"].review
    assert (far.due, far.stale, far.status) == (datetime.date.max, False, "up to date")
    assert (old.due, old.stale) == (datetime.date(1, 4, 1), True)  # 0001-01-01 plus 90 days
    entry = json.loads(catalog_json(handbook))["maps"]["opening"]
    assert entry["review_due"] == "9999-12-31" and entry["review_status"] == "up to date"
    for command in ("validate", "lint"):
        proc = run(project, command, "content")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr


def test_add_days_is_held_to_the_calendar() -> None:
    assert add_days(datetime.date(2026, 1, 1), 30) == datetime.date(2026, 1, 31)
    assert add_days(datetime.date.max, 1) == datetime.date.max
    assert add_days(datetime.date.min, -1) == datetime.date.min
    assert add_days(datetime.date(2026, 1, 1), 10**12) == datetime.date.max  # more days than timedelta holds


def test_a_huge_review_every_is_one_line(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/opening.md", CJM.replace("reviewed: 2026-09-30", "reviewed: 2026-09-30\nreview_every: 1000000000"))
    proc = run(project, "validate", "content")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "ERROR: content/maps/opening.md:7: review_every: 1000000000 is too large: the maximum is 36500" in (
        proc.stdout.splitlines()
    )


@pytest.mark.parametrize("epoch", ["99999999999999", "253402300800", "1" * 40])
def test_source_date_epoch_beyond_the_calendar_is_ignored(
    project: Path, write: Writer, epoch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert source_date_epoch() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert source_date_epoch() == 253402300799
    write("personas/maya.md", PERSONA)
    proc = run(project, "validate", "content", SOURCE_DATE_EPOCH=epoch)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr


# --- expanded size ----------------------------------------------------------------------------------


def test_a_long_text_repeated_through_aliases_is_refused_quickly() -> None:
    """The issue's case: a 100 KB text used through 1,000 aliases (a 104 KB source, a ~100 MB map)."""
    lines = ["type: cjm", "title: Echo", "persona: maya", f"note: &n {'x' * 100_000}", "stages:"]
    lines += ["  - name: *n"] * 1000
    started = time.perf_counter()
    data, diags = parse_frontmatter("\n".join(lines) + "\n", "content/maps/echo.md")
    assert time.perf_counter() - started < 5
    assert data is None
    assert [str(d) for d in diags] == [
        f"content/maps/echo.md:5: YAML cannot be used: aliases (*name) repeat more than {MAX_EXPANSION} characters "
        "of text beyond what is written; write the values out, or split the file"
    ]


def test_a_large_map_without_aliases_is_not_limited_by_its_size() -> None:
    text = "type: cjm\ntitle: Big\npersona: maya\nstages:\n" + "".join(
        f"  - name: Stage {i}\n    goal: {'y' * 10_000}\n" for i in range(300)
    )
    assert len(text) > 2 * MAX_EXPANSION
    data, diags = parse_frontmatter(text, "big.md")
    assert diags == [] and len(data["stages"]) == 300
    used = "shared: &s " + "z" * 1000 + "\n" + "".join(f"k{i}: *s\n" for i in range(900))  # 0.9 MB added: fine
    assert parse_frontmatter(used, "used.md")[1] == []


# --- valid JSON and whole-match ids --------------------------------------------------------------------


def test_non_finite_numbers_never_reach_the_catalog_json(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA + "\n")
    write("personas/nan.md", "---\ntype: persona\nname: Nan\nscore: .nan\n---\n")
    write(
        "maps/opening.md",
        CJM.replace("emotion: -2", "emotion: -2\n    metrics: {csat: .inf, nps: 42}").replace(
            "reviewed: 2026-09-30", "reviewed: 2026-09-30\nweight: -.inf"
        ),
    )
    handbook = build(settings(project))

    def refuse(name: str) -> None:
        raise AssertionError(f"journeymaps.json holds {name}, which is not JSON")

    data = json.loads(catalog_json(handbook), parse_constant=refuse)
    assert {d["path"] for d in data["diagnostics"] if "is not a number JSON can hold" in d["message"]} == {
        "content/maps/opening.md",
        "content/personas/nan.md",
    }


def test_ids_are_matched_whole() -> None:
    assert is_valid_id("maya") and not is_valid_id("maya\n") and not is_valid_id("maya\n\n") and not is_valid_id("")


def test_an_id_with_a_line_break_writes_no_such_file(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    source = project / "journey.mmd"
    source.write_text("journey\n  title Sign up\n  section Start\n    Open the app: 5: Maya\n", encoding="utf-8")
    proc = run(project, "import", "mermaid", str(source), "--id", "signup\n", "--persona", "maya")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "signup\\n" in proc.stderr
    assert list((project / "content").rglob("signup*")) == []


# --- files that cannot be read -----------------------------------------------------------------------


@pytest.fixture
def unreadable_files(project: Path, write: Writer) -> Path:
    write("personas/maya.md", PERSONA)
    maps = project / "content" / "maps"
    maps.mkdir()
    (maps / "dangling.md").symlink_to("nowhere.md")
    (maps / "loop-a.md").symlink_to("loop-b.md")
    (maps / "loop-b.md").symlink_to("loop-a.md")
    os.mkfifo(maps / "fifo.md")
    (project / "content" / "self").symlink_to(".")  # a folder loop: not followed
    return project


def test_validate_reports_unreadable_files_in_one_line_each(unreadable_files: Path) -> None:
    proc = run(unreadable_files, "validate", "content", timeout=60)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "ERROR: content/maps/dangling.md: cannot be read: No such file or directory",
        "ERROR: content/maps/fifo.md: is not a regular file; the handbook skips it",
        "ERROR: content/maps/loop-a.md: cannot be read: Too many levels of symbolic links",
        "ERROR: content/maps/loop-b.md: cannot be read: Too many levels of symbolic links",
    ]


def test_mkdocs_build_reports_unreadable_files_and_builds_the_rest(unreadable_files: Path) -> None:
    """MkDocs alone stops with a traceback on a dangling link or a loop and waits forever on a fifo: the plugin
    takes them out of the site first, with the same lines as `journeymaps validate`."""
    (unreadable_files / "content" / "broken.png").symlink_to("missing.png")  # a static file too
    (unreadable_files / "content" / "maps" / ".#opening.md").symlink_to("root@host.1234")  # Emacs' lock: MkDocs
    # excludes dot files, and so do we (no line)
    (unreadable_files / "content" / "self").unlink()  # MkDocs follows folder links (a feature): not this one
    (unreadable_files / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=unreadable_files, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    said = [line.split("-  ", 1)[1] for line in proc.stderr.splitlines() if line.startswith("ERROR")]
    assert said == [
        "content/broken.png: cannot be read: No such file or directory",
        "content/maps/dangling.md: cannot be read: No such file or directory",
        "content/maps/fifo.md: is not a regular file; the handbook skips it",
        "content/maps/loop-a.md: cannot be read: Too many levels of symbolic links",
        "content/maps/loop-b.md: cannot be read: Too many levels of symbolic links",
    ]
    assert (unreadable_files / "site" / "personas" / "maya" / "index.html").is_file()
    strict = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=unreadable_files,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_files_without_read_permission_are_one_line_each_and_the_rest_builds(tmp_path: Path) -> None:
    """A page and a picture the user may not read (``chmod 000``): MkDocs alone stops with a traceback when it
    reads them; the plugin takes them out of the site, one line each, as `journeymaps validate` says them. Run as
    an ordinary user: as root, which reads everything, through ``setpriv`` as ``nobody``."""
    import shutil
    import tempfile

    as_user: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, and setpriv (util-linux) is not there to run as another user")
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    project = Path(tempfile.mkdtemp(prefix="jm-perm-"))  # not under pytest's folder, which only root may enter
    try:
        docs = project / "content"
        (docs / "personas").mkdir(parents=True)
        (docs / "personas" / "maya.md").write_text(PERSONA.lstrip("\n"), encoding="utf-8")
        (docs / "personas" / "secret.md").write_text(PERSONA.lstrip("\n").replace("Maya Chen", "Secret"), "utf-8")
        (docs / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        (project / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
        for folder in (project, docs, docs / "personas"):
            folder.chmod(0o777)
        for name in ("personas/maya.md", "mkdocs.yml"):
            (project / name if name == "mkdocs.yml" else docs / name).chmod(0o644)
        (docs / "personas" / "secret.md").chmod(0)
        (docs / "secret.png").chmod(0)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HOME": str(project)}
        validate = subprocess.run(
            [*as_user, sys.executable, "-m", "journeymaps.cli", "validate", "content"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert validate.stdout.splitlines() == [
            "ERROR: content/personas/secret.md: cannot be read: Permission denied",
            "ERROR: content/secret.png: cannot be read: Permission denied",  # the site's files, as the build checks
        ]
        proc = subprocess.run(
            [*as_user, sys.executable, "-m", "mkdocs", "build"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        said = [line.split("-  ", 1)[1] for line in proc.stderr.splitlines() if line.startswith("ERROR")]
        assert said == [
            "content/personas/secret.md: cannot be read: Permission denied",
            "content/secret.png: cannot be read: Permission denied",
        ]
        assert (project / "site" / "personas" / "maya" / "index.html").is_file()
        assert not (project / "site" / "personas" / "secret").exists()
    finally:
        shutil.rmtree(project, ignore_errors=True)


def test_diff_on_a_working_tree_with_unreadable_files(unreadable_files: Path) -> None:
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=unreadable_files, check=True)
    subprocess.run([*git, "add", "content/personas"], cwd=unreadable_files, check=True)
    subprocess.run([*git, "commit", "-qm", "maya"], cwd=unreadable_files, check=True)
    proc = run(unreadable_files, "diff", "HEAD", "--docs-dir", "content", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "`content/maps/dangling.md: cannot be read: No such file or directory`" in proc.stdout
    assert "`content/maps/fifo.md: is not a regular file; the handbook skips it`" in proc.stdout


# --- the parse cache ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x00\x01garbage",
        marshal.dumps(("journeymaps 0", {}))[:7],  # truncated
        marshal.dumps(("another stamp", {"k": (1, 2)})),
        marshal.dumps([1, 2, 3]),
    ],
    ids=["empty", "garbage", "truncated", "foreign", "wrong-shape"],
)
def test_a_damaged_parse_cache_is_a_miss(project: Path, write: Writer, damage: bytes) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/opening.md", CJM.replace("emotion: -2", "emotion: 5"))
    expected = [str(d) for d in build(settings(project)).report.sorted()]
    pipeline = Pipeline(settings(project), cache=True)
    assert [str(d) for d in pipeline.build(pages(project)).report.sorted()] == expected
    cache = settings(project).cache_dir / FILE_NAME
    assert cache.is_file()
    warm = Pipeline(settings(project), cache=True)
    assert [str(d) for d in warm.build(pages(project)).report.sorted()] == expected and warm.loader.parsed == 0
    cache.write_bytes(damage)
    again = Pipeline(settings(project), cache=True)
    assert [str(d) for d in again.build(pages(project)).report.sorted()] == expected
    assert again.loader.parsed == 2 and again.loader.cache_problem is None
    assert marshal.loads(cache.read_bytes())[1]  # healed: written whole again


def test_a_parse_cache_entry_of_another_shape_is_a_miss(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    pipeline = Pipeline(settings(project), cache=True)
    expected = [str(d) for d in pipeline.build(pages(project)).report.sorted()]
    cache = settings(project).cache_dir / FILE_NAME
    stamp, entries = marshal.loads(cache.read_bytes())
    assert len(entries) == 1
    cache.write_bytes(marshal.dumps((stamp, dict.fromkeys(entries, ("too", "short")))))
    again = Pipeline(settings(project), cache=True)
    assert [str(d) for d in again.build(pages(project)).report.sorted()] == expected and again.loader.parsed == 1


def test_a_cache_folder_that_cannot_be_written(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    folder = settings(project).cache_dir
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the cache folder goes", encoding="utf-8")  # root ignores chmod; this fails
    pipeline = Pipeline(settings(project), cache=True)
    assert [str(d) for d in pipeline.build(pages(project)).report.sorted()] == []
    assert pipeline.loader.cache_problem is not None and str(folder) in pipeline.loader.cache_problem


# --- terminal-safe output ---------------------------------------------------------------------------------


def test_escape_sequences_never_reach_the_terminal_raw(project: Path, write: Writer) -> None:
    hostile = "\x1b[2J\x1b]0;owned\x07\x9b31m"
    quoted = '"\\e[2J\\e]0;owned\\a\\x9b31m"'  # the same, as YAML writes it in double quotes
    write("personas/maya.md", PERSONA.replace("Maya Chen", f"{quoted}"))
    write(
        "maps/opening.md",
        CJM.replace("zooms_into: lifecycle#open\n", "")
        .replace("Account opening", quoted)
        .replace("emotion: -2", f"emotion: -2\n    owner: {quoted}\n    quotes: [{quoted}]")
        .replace("channel: app", "channel: ap"),
    )
    write(
        "maps/broken.md", f"---\ntype: cjm\ntitle: Broken\npersona: maya\nstate: {quoted}\nstages: [{{name: A}}]\n---\n"
    )
    outputs = [
        run(project, "validate", "content"),
        run(project, "lint", "content"),
        run(project, "export", "mermaid", "opening", "--docs-dir", "content"),
        run(project, "export", "csv", "--docs-dir", "content", "--out", "sheets"),
    ]
    source = project / "hostile.mmd"
    source.write_text(f"journey\n  title Import {hostile}\n  section S {hostile}\n    Task {hostile}: 5: Maya\n")
    outputs.append(run(project, "import", "mermaid", str(source), "--persona", "maya", "--docs-dir", "content"))
    for proc in outputs:
        text = proc.stdout + proc.stderr
        assert "Traceback" not in text, proc.args
        assert ESC not in text and "\x07" not in text and "\x9b" not in text, (proc.args, text)
    assert (
        "ERROR: content/maps/broken.md:5: state: '\\x1b[2J\\x1b]0;owned\\x07\\x9b31m' is not one of"
        in outputs[0].stdout
    )
    assert outputs[2].returncode == 0 and "\\x1b[2J" in outputs[2].stdout  # the diagram, its text escaped
    assert outputs[3].returncode == 1 and outputs[4].returncode == 0, outputs[4].stderr  # export: broken.md left out


@pytest.mark.parametrize("seconds", [10**13, 253402300800, -(10**12)])
def test_commit_times_beyond_the_calendar_are_held_to_it(seconds: int) -> None:
    """A crafted commit time (git stores any number) gives a date, never an OverflowError on pages or in PDFs."""
    from journeymaps.export.documents import iso_timestamp
    from journeymaps.history.log import Commit

    commit = Commit("a" * 40, "aaaaaaa", "T", seconds, "subject")
    expected = "9999-12-31" if seconds > 0 else "1970-01-01"
    assert commit.date == expected
    assert (iso_timestamp(seconds) or "").startswith(expected)


def test_a_readme_beside_an_index_is_left_out_as_mkdocs_does(project: Path, write: Writer) -> None:
    """MkDocs publishes index.md and leaves out a README.md beside it; validate reads the same pages."""
    write("team/index.md", PERSONA)
    write("team/README.md", PERSONA.replace("name: Maya Chen", "name: Maya again"))
    (project / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    proc = run(project, "validate")
    assert (proc.returncode, proc.stdout) == (0, "")
    site = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True)
    assert site.returncode == 0 and "Excluding 'team/README.md'" in site.stderr
    assert "Maya again" not in (project / "site" / "team" / "index.html").read_text(encoding="utf-8")
