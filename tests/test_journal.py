"""The learner's journal: saving, reading, clearing, refusing bad answers, the schema and
its migrations, and what happens with a damaged file or an unusable LEADLIB_HOME."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadlib.errors import AnswerError
from leadlib.journal import (
    BALANCE,
    DELEGATION,
    PLAN,
    QUIZ,
    REFLECTION,
    SCHEMA_VERSION,
    SELF_ASSESSMENT,
    SELF_CHECK,
    VISION,
    DamagedJournalError,
    Journal,
    JournalError,
    journal_path,
    open_journal,
)
from leadlib.models import Content

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def journal(leadlib_home: Path) -> Journal:
    return open_journal()


# --------------------------------------------------------------------------- basics


def test_journal_lives_in_leadlib_home(leadlib_home: Path, journal: Journal) -> None:
    assert journal_path() == leadlib_home / "journal.sqlite3"
    assert journal.path == leadlib_home / "journal.sqlite3"
    assert journal.path.is_file()
    assert journal.warnings == []


def test_leadlib_home_defaults_to_dot_leadlib_in_the_home_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LEADLIB_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert journal_path() == tmp_path / ".leadlib" / "journal.sqlite3"


def test_a_missing_leadlib_home_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "deep" / "home"
    monkeypatch.setenv("LEADLIB_HOME", str(home))
    assert open_journal().path == home / "journal.sqlite3"


def test_importing_leadlib_does_not_load_the_journal_or_sqlite() -> None:
    code = "import sys, leadlib; print('leadlib.journal' in sys.modules, 'sqlite3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_answers_come_back_latest_first_per_item(journal: Journal) -> None:
    journal.record(SELF_ASSESSMENT, "vc5", 2)
    journal.record(SELF_ASSESSMENT, "vc5", 5)
    journal.record(SELF_ASSESSMENT, "vc2", 3)
    assert journal.answers(SELF_ASSESSMENT) == {"vc5": 5, "vc2": 3}
    assert journal.answers(QUIZ) == {}


def test_every_answer_is_kept_in_the_history(journal: Journal) -> None:
    for value in (1, 2, 3):
        journal.record(DELEGATION, "angry_key_customer", value)
    history = journal.history(DELEGATION, "angry_key_customer")
    assert [e.value for e in history] == [1, 2, 3]
    assert all(e.source == "learner" and e.recorded_at.endswith("Z") for e in history)
    assert journal.answers(DELEGATION) == {"angry_key_customer": 3}


def test_answers_saved_by_one_kernel_are_seen_by_another(leadlib_home: Path) -> None:
    first, second = open_journal(), open_journal()
    first.record(QUIZ, "q_budget", "management")
    assert second.answers(QUIZ) == {"q_budget": "management"}
    assert first.participant_code == second.participant_code


def test_answers_survive_reopening_the_journal(leadlib_home: Path) -> None:
    open_journal().record(VISION, "statement", "A team that decides for itself.")
    assert open_journal().answers(VISION) == {"statement": "A team that decides for itself."}


def test_every_exercise_keeps_its_kind_of_answer(journal: Journal, content: Content) -> None:
    notebook = content.notebooks[2].id
    journal.record(QUIZ, "q_rota", "management")
    journal.record(SELF_ASSESSMENT, "vc5", 4)
    journal.record(DELEGATION, "dev_tools", 6)
    journal.record(BALANCE, "situation", "startup")
    journal.record(BALANCE, "share", 62.5)
    journal.record(PLAN, "focus", ("vision_casting", "empowerment"))
    journal.record(PLAN, "actions", ["Hold a monthly why-meeting", "Ask before telling"])
    journal.record(PLAN, "target_date", "2026-03-31")
    journal.record(PLAN, "measure", "Team can say the goal in one sentence")
    journal.record(VISION, "statement", "Ünïcode and emoji 🚀 stay intact")
    journal.record(REFLECTION, notebook, "")
    journal.record(SELF_CHECK, "s01_complexity", [1, 0])
    journal.record(VISION, "ratings", {"whom": "partly"})
    journal.record(QUIZ, "q_rota", ["both", "management"])
    assert journal.answers(BALANCE) == {"situation": "startup", "share": 62.5}
    assert journal.answers(PLAN) == {
        "focus": ["vision_casting", "empowerment"],
        "actions": ["Hold a monthly why-meeting", "Ask before telling"],
        "target_date": "2026-03-31",
        "measure": "Team can say the goal in one sentence",
    }
    assert journal.answers(VISION)["statement"] == "Ünïcode and emoji 🚀 stay intact"
    assert journal.answers(REFLECTION) == {notebook: ""}
    assert journal.answers(SELF_CHECK) == {"s01_complexity": [1, 0]}
    assert journal.answers(VISION)["ratings"] == {"whom": "partly"}
    assert journal.answers(QUIZ)["q_rota"] == ["both", "management"]


def test_clearing_one_exercise_keeps_the_others(journal: Journal) -> None:
    journal.record(QUIZ, "q_rota", "management")
    journal.record(QUIZ, "q_rota", "both")
    journal.record(DELEGATION, "dev_tools", 6)
    assert journal.clear(QUIZ) == 2
    assert journal.answers(QUIZ) == {}
    assert journal.answers(DELEGATION) == {"dev_tools": 6}


def test_clearing_everything_keeps_the_participant_code(journal: Journal) -> None:
    code = journal.participant_code
    journal.record(QUIZ, "q_rota", "management")
    journal.record(DELEGATION, "dev_tools", 6)
    assert journal.clear() == 2
    assert journal.history() == []
    assert journal.participant_code == code
    assert journal.clear() == 0


# --------------------------------------------------------------------------- participant code


def test_participant_code_is_random_readable_and_stable(leadlib_home: Path) -> None:
    journal = open_journal()
    code = journal.participant_code
    assert len(code) == 8 and code.startswith("P-")
    assert not set(code[2:]) & set("01OIL")
    assert open_journal().participant_code == code
    other = open_journal(leadlib_home / "another.sqlite3")
    assert other.participant_code != code  # 31**6 codes: a clash is a one-in-a-billion event


def test_a_learner_can_ask_for_a_fresh_anonymous_code(journal: Journal) -> None:
    old = journal.participant_code
    new = journal.new_participant_code()
    assert new != old
    assert journal.participant_code == new
    assert open_journal(journal.path).participant_code == new


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("exercise", "item", "value", "message"),
    [
        ("homework", "x", 1, "Unknown exercise 'homework'"),
        (QUIZ, "q_rota", "leadershp", "must be one of leadership, management, both"),
        (QUIZ, "q_nope", "both", "Unknown quiz item 'q_nope'"),
        (SELF_ASSESSMENT, "vc5", 6, "the answer 6 is outside the scale 1-5"),
        (SELF_ASSESSMENT, "vc5", True, "must be a whole number from 1 to 5"),
        (SELF_ASSESSMENT, "zz9", 3, "Unknown statement id 'zz9'"),
        (DELEGATION, "dev_tools", 8, "delegation level must be a whole number from 1 to 7"),
        (DELEGATION, "dev_tools", 2.0, "found 2.0"),
        (DELEGATION, "moon_landing", 3, "Unknown delegation scenario 'moon_landing'"),
        (BALANCE, "share", 101, "between 0 and 100 percent"),
        (BALANCE, "share", float("nan"), "must be a number from 0 to 100"),
        (BALANCE, "situation", "mars_colony", "Unknown situation 'mars_colony'"),
        (BALANCE, "mood", 3, "saves 'situation' and 'share', not 'mood'"),
        (PLAN, "focus", [], "choose 1 to 3 traits to develop, found 0"),
        (PLAN, "focus", ["vision_casting"] * 2, "a trait is chosen twice"),
        (PLAN, "focus", ["a", "b", "c", "d"], "unknown trait 'a'"),
        (PLAN, "focus", "vision_casting", "expected a list of trait ids"),
        (PLAN, "actions", ["x"] * 11, "a plan keeps at most 10"),
        (PLAN, "actions", ["fine", 3], "Plan action 2: expected a text"),
        (PLAN, "target_date", "31/03/2026", "expected a date written YYYY-MM-DD"),
        (PLAN, "target_date", "2026-02-30", "expected a date written YYYY-MM-DD"),
        (VISION, "statement", "x" * 5001, "5001 characters long; the journal keeps at most 5000"),
        (VISION, "slogan", "x", "saves 'statement', 'ratings' and 'rewrite', not 'slogan'"),
        (VISION, "ratings", {"whom": "great"}, "'whom' is rated 'great'"),
        (REFLECTION, "99_epilogue", "text", "Unknown notebook '99_epilogue'"),
        (SELF_CHECK, "02_leadership", [0], "Unknown self-check question '02_leadership'"),
        (SELF_CHECK, "s02_empowerment", [9], "an option's position from 0 to 2, found 9"),
        (SELF_CHECK, "s02_empowerment", 1, "expected the list of tries"),
        (SELF_CHECK, "s02_empowerment", [0, 1], "a try after the right answer"),
        (SELF_CHECK, "s02_empowerment", [1, 2, 0], "expected 1 to 2 tries, found 3"),
        (QUIZ, "q_rota", ["management", "both"], "a try after the right answer"),
    ],
)
def test_a_bad_answer_is_refused_with_a_plain_message_and_nothing_is_lost(
    journal: Journal, exercise: str, item: str, value: object, message: str
) -> None:
    journal.record(SELF_ASSESSMENT, "vc5", 4)
    with pytest.raises(AnswerError, match=None) as caught:
        journal.record(exercise, item, value)
    assert message in str(caught.value)
    assert len(journal.history()) == 1
    assert journal.answers(SELF_ASSESSMENT) == {"vc5": 4}


def test_reading_an_unknown_exercise_is_refused(journal: Journal) -> None:
    with pytest.raises(AnswerError, match="Unknown exercise 'quizz'"):
        journal.answers("quizz")
    with pytest.raises(AnswerError, match="Unknown exercise 'quizz'"):
        journal.clear("quizz")


# --------------------------------------------------------------------------- schema


def _meta(path: Path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()


def test_the_schema_version_is_recorded(journal: Journal) -> None:
    assert _meta(journal.path)["schema_version"] == str(SCHEMA_VERSION)
    assert journal.schema_version == SCHEMA_VERSION
    con = sqlite3.connect(journal.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
server:/export/home /home nfs4 rw,relatime,vers=4.2 0 0
/dev/vdb1 /home/local\\040disk ext4 rw 0 0
"""


def test_the_file_system_is_the_one_of_the_longest_matching_mount() -> None:
    from leadlib.journal import filesystem_type, journal_mode_for

    assert filesystem_type(Path("/home/ana/.leadlib"), MOUNTS) == "nfs4"
    assert filesystem_type(Path("/home/local disk/x"), MOUNTS) == "ext4"
    assert filesystem_type(Path("/homework"), MOUNTS) == "ext4"  # not under /home
    assert journal_mode_for(Path("/home/ana/.leadlib/journal.sqlite3"), MOUNTS) == "delete"
    assert journal_mode_for(Path("/tmp/journal.sqlite3"), MOUNTS) == "wal"


def test_a_journal_in_a_network_home_folder_keeps_the_rollback_journal(
    leadlib_home: Path, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WAL needs memory shared between processes on one host; on NFS (JupyterHub homes)
    the journal must not use it, and must still save and read answers."""
    from leadlib.journal import schema  # where journal_mode_for looks it up

    monkeypatch.setattr(schema, "filesystem_type", lambda path, mounts=None: "nfs4")
    j = open_journal(content=content)
    j.record(QUIZ, "q_budget", "management")
    assert j.answers(QUIZ) == {"q_budget": "management"}
    con = sqlite3.connect(j.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    j.close()


def test_a_version_1_journal_is_migrated_and_keeps_its_answers(
    leadlib_home: Path, content: Content
) -> None:
    path = leadlib_home / "journal.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, exercise TEXT NOT NULL,
            item TEXT NOT NULL, value TEXT NOT NULL, recorded_at TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1'), ('participant_code', 'P-ABCDEF');
        INSERT INTO answers (exercise, item, value, recorded_at)
            VALUES ('self_assessment', 'vc5', '2', '2025-01-01T00:00:00.000000Z'),
                   ('self_assessment', 'vc5', '5', '2025-01-02T00:00:00.000000Z');
        """
    )
    con.commit()
    con.close()
    journal = open_journal()
    assert journal.warnings == []
    assert journal.schema_version == SCHEMA_VERSION
    assert journal.participant_code == "P-ABCDEF"
    assert journal.answers(SELF_ASSESSMENT) == {"vc5": 5}
    assert [e.source for e in journal.history()] == ["learner", "learner"]
    journal.record(SELF_ASSESSMENT, "vc2", 3)
    assert len(journal.history()) == 3


def test_a_journal_from_a_newer_leadlib_is_refused_and_left_untouched(
    leadlib_home: Path,
) -> None:
    path = leadlib_home / "journal.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        f"INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION + 1}');"
        "CREATE TABLE answers_v9 (x);"
    )
    con.close()
    before = path.read_bytes()
    with pytest.raises(JournalError) as caught:
        open_journal()
    message = str(caught.value)
    assert f"journal version {SCHEMA_VERSION + 1}" in message
    assert "Update leadlib" in message and "has not been changed" in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in leadlib_home.iterdir()) == ["journal.sqlite3"]


# --------------------------------------------------------------------------- damaged files


def _damaged(folder: Path) -> list[Path]:
    """The moved-aside journals (without their -wal / -shm companions)."""
    found = folder.glob("journal.sqlite3.damaged-*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm")))


def test_a_file_that_is_not_sqlite_is_moved_aside_intact(leadlib_home: Path) -> None:
    path = leadlib_home / "journal.sqlite3"
    garbage = b"these are my notes, not a database\n" * 50
    path.write_bytes(garbage)
    journal = open_journal()
    moved = _damaged(leadlib_home)
    assert len(moved) == 1
    assert moved[0].read_bytes() == garbage
    assert moved[0].name[len("journal.sqlite3.damaged-") :].replace("T", "").isdigit()
    (warning,) = journal.warnings
    assert "could not be read: the file is not a SQLite database" in warning
    assert f"kept as {moved[0].name}" in warning
    assert "fresh, empty journal was started" in warning and "import that file" in warning
    journal.record(QUIZ, "q_rota", "management")
    assert journal.answers(QUIZ) == {"q_rota": "management"}


def test_a_truncated_journal_is_moved_aside_with_its_companions(leadlib_home: Path) -> None:
    journal = open_journal()
    for i in range(300):
        journal.record(REFLECTION, "00_start_here", f"note {i} " + "x" * 500)
    path = journal.path
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    cut = path.read_bytes()
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"left over write-ahead log")
    reopened = open_journal()
    (moved,) = _damaged(leadlib_home)
    assert moved.read_bytes() == cut
    assert Path(f"{moved}-wal").read_bytes() == b"left over write-ahead log"
    (warning,) = reopened.warnings
    assert "the file is damaged (SQLite reports: database disk image is malformed)" in warning
    assert reopened.answers(REFLECTION) == {}
    assert reopened.integrity_check() == "ok"


def test_a_sqlite_file_that_is_not_a_journal_is_moved_aside(leadlib_home: Path) -> None:
    path = leadlib_home / "journal.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE photos (name TEXT)")
    con.commit()
    con.close()
    journal = open_journal()
    assert "a SQLite database, but not a leadlib journal" in journal.warnings[0]
    assert len(_damaged(leadlib_home)) == 1


def test_a_zero_byte_file_is_a_new_empty_journal(leadlib_home: Path) -> None:
    (leadlib_home / "journal.sqlite3").write_bytes(b"")
    journal = open_journal()
    assert journal.warnings == []
    assert _damaged(leadlib_home) == []
    assert journal.schema_version == SCHEMA_VERSION


def test_two_damaged_files_in_the_same_second_are_both_kept(leadlib_home: Path) -> None:
    path = leadlib_home / "journal.sqlite3"
    path.write_bytes(b"first garbage")
    open_journal()
    path.write_bytes(b"second garbage")
    open_journal()
    assert sorted(p.read_bytes() for p in _damaged(leadlib_home)) == [
        b"first garbage",
        b"second garbage",
    ]


def test_without_recovery_a_damaged_journal_is_reported_and_not_moved(
    leadlib_home: Path,
) -> None:
    path = leadlib_home / "journal.sqlite3"
    path.write_bytes(b"garbage")
    with pytest.raises(DamagedJournalError) as caught:
        open_journal(recover=False)
    assert "cannot be read: the file is not a SQLite database" in str(caught.value)
    assert "has not been changed" in str(caught.value)
    assert path.read_bytes() == b"garbage"
    assert _damaged(leadlib_home) == []


def test_a_journal_removed_while_open_is_started_afresh_with_a_warning(
    journal: Journal,
) -> None:
    journal.record(QUIZ, "q_rota", "management")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{journal.path}{suffix}").unlink(missing_ok=True)
    journal.record(QUIZ, "q_rota", "both")
    assert open_journal().answers(QUIZ) == {"q_rota": "both"}
    (warning,) = journal.warnings
    assert "was missing (removed while this notebook was open)" in warning


def test_a_journal_moved_aside_by_another_kernel_is_followed(leadlib_home: Path) -> None:
    first = open_journal()
    first.record(QUIZ, "q_rota", "management")
    first.path.rename(leadlib_home / "elsewhere.sqlite3")
    second = open_journal()  # what another kernel would do after moving a damaged file
    first.record(QUIZ, "q_budget", "management")
    assert second.answers(QUIZ) == {"q_budget": "management"}
    assert "was replaced while this notebook was open" in first.warnings[0]


# --------------------------------------------------------------------------- LEADLIB_HOME


def test_leadlib_home_that_is_a_file_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "leadlib-home"
    home.write_text("oops")
    monkeypatch.setenv("LEADLIB_HOME", str(home))
    with pytest.raises(JournalError) as caught:
        open_journal()
    assert f"LEADLIB_HOME ({home}) is a file, not a folder" in str(caught.value)
    assert home.read_text() == "oops"


def test_leadlib_home_that_cannot_be_made_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("LEADLIB_HOME", str(blocker / "home"))
    with pytest.raises(JournalError) as caught:
        open_journal()
    message = str(caught.value)
    assert f"LEADLIB_HOME ({blocker / 'home'}) cannot be made" in message
    assert "Set LEADLIB_HOME to a folder you may write to" in message


def test_a_journal_path_that_is_a_folder_gives_a_clear_message(leadlib_home: Path) -> None:
    (leadlib_home / "journal.sqlite3").mkdir()
    with pytest.raises(JournalError, match="is a folder. Rename or remove that folder"):
        open_journal()


def test_a_file_replaced_since_it_was_checked_is_not_moved_aside(leadlib_home: Path) -> None:
    # Two notebooks opening a damaged journal at once: the second must not move aside
    # the fresh journal the first one has just started.
    from leadlib.journal import recovery

    path = leadlib_home / "journal.sqlite3"
    path.write_bytes(b"garbage")
    seen = recovery._signature(path)
    first = open_journal()
    first.record(QUIZ, "q_rota", "both")
    assert recovery._move_aside(path, "damaged", seen) is None
    assert open_journal().answers(QUIZ) == {"q_rota": "both"}
    assert len(_damaged(leadlib_home)) == 1


def test_opening_an_up_to_date_journal_writes_nothing(journal: Journal) -> None:
    # Kernels starting together do not queue for the write lock just to open.
    journal.record(QUIZ, "q_rota", "both")
    journal.close()
    before = journal.path.read_bytes()
    again = open_journal()
    assert (
        not Path(f"{journal.path}-wal").exists() or not Path(f"{journal.path}-wal").stat().st_size
    )
    again.close()
    assert journal.path.read_bytes() == before


# --------------------------------------------------------------------------- property


ANSWER = st.tuples(st.sampled_from(["vc5", "vc2", "em1"]), st.integers(min_value=-1, max_value=7))


@settings(max_examples=30, deadline=None)
@given(st.lists(ANSWER, max_size=25))
def test_the_latest_valid_answer_per_statement_wins_and_bad_ones_change_nothing(
    answers: list[tuple[str, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        journal = open_journal(Path(folder) / "journal.sqlite3")
        expected: dict[str, int] = {}
        for statement, value in answers:
            if 1 <= value <= 5:
                journal.record(SELF_ASSESSMENT, statement, value)
                expected[statement] = value
            else:
                with pytest.raises(AnswerError, match="outside the scale 1-5"):
                    journal.record(SELF_ASSESSMENT, statement, value)
        assert journal.answers(SELF_ASSESSMENT) == expected
        assert len(journal.history()) == sum(1 <= v <= 5 for _, v in answers)
        journal.close()
