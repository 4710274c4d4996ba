"""``leadlib hub-link``: the nbgitpuller link, its URL encoding and its refusals."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from leadlib import cli, hublink
from leadlib.hublink import HubLinkError, clone_folder, hub_link

REPO = "https://github.com/org/leadlib.git"
HUB = "https://hub.example.org"


def _query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query, strict_parsing=True)


def test_the_link_goes_to_nbgitpuller_through_the_hubs_user_redirect() -> None:
    link = hub_link(REPO, "main", HUB + "/")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.org",
        "/hub/user-redirect/git-pull",
    )
    assert _query(link) == {
        "repo": [REPO],
        "branch": ["main"],
        "urlpath": ["voila/render/leadlib/notebooks/00_start_here.ipynb"],
    }


def test_every_value_is_encoded_on_its_own_so_no_character_splits_the_query() -> None:
    repo = "https://git.example.org/team a/course&x=1.git"
    link = hub_link(repo, "spring/2026+extra", HUB, "notebooks/04 delegation#2.ipynb")
    query = urlsplit(link).query
    # only the three parameters' own separators are left unencoded
    assert query.count("&") == 2 and query.count("=") == 3
    assert " " not in link and "#" not in link
    values = _query(link)
    assert values["repo"] == [repo]
    assert values["branch"] == ["spring/2026+extra"]
    # urlpath is itself a URL path: the space and # are encoded inside it too
    assert values["urlpath"] == ["voila/render/course%26x%3D1/notebooks/04%20delegation%232.ipynb"]
    decoded = unquote(values["urlpath"][0])
    assert decoded == "voila/render/course&x=1/notebooks/04 delegation#2.ipynb"
    assert "urlpath=voila%2Frender%2Fcourse%2526x%253D1%2Fnotebooks%2F04%2520delegation" in query


def test_lab_opens_the_notebook_in_jupyterlab() -> None:
    link = hub_link(REPO, "main", HUB, "notebooks/07_team_debrief.ipynb", open_in="lab")
    assert _query(link)["urlpath"] == ["lab/tree/leadlib/notebooks/07_team_debrief.ipynb"]


@pytest.mark.parametrize(
    ("repo", "folder"),
    [
        ("https://github.com/org/leadlib.git", "leadlib"),
        ("https://github.com/org/leadlib/", "leadlib"),
        ("https://gitlab.example.org/a/b/course", "course"),
    ],
)
def test_the_clone_folder_is_the_repositorys_name(repo: str, folder: str) -> None:
    assert clone_folder(repo) == folder


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"repo": "git@github.com:org/leadlib.git"}, "not a web address"),
        ({"repo": "https://github.com/org/leadlib?ref=x"}, "query"),
        ({"hub": "hub.example.org"}, "not a web address"),
        ({"branch": ""}, "not a branch name"),
        ({"branch": "my branch"}, "not a branch name"),
        ({"path": "../../etc/passwd"}, "inside the repository"),
        ({"path": "notebooks\\00.ipynb"}, "forward slashes"),
        ({"repo": "https://github.com/"}, "no name at its end"),
        ({"open_in": "voila"}, "must be one of app, lab"),
    ],
)
def test_an_argument_that_cannot_make_a_working_link_is_refused_in_words(
    kwargs: dict[str, str], words: str
) -> None:
    arguments = {"repo": REPO, "branch": "main", "hub": HUB, **kwargs}
    with pytest.raises(HubLinkError, match=words):
        hub_link(**arguments)


def test_the_command_prints_the_link(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["hub-link", "--repo", REPO, "--branch", "dev", "--hub", HUB])
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    assert out.strip() == hub_link(REPO, "dev", HUB)


def test_the_command_says_what_is_wrong_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["hub-link", "--repo", "github.com/org/x", "--hub", HUB])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.startswith("leadlib hub-link: ") and "https://" in err
    assert "Traceback" not in err


def test_the_commands_default_notebook_is_the_librarys() -> None:
    assert cli.HUB_LINK_PATH == hublink.DEFAULT_PATH
