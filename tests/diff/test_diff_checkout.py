"""A revision reads as the same commit checked out would: symbolic links, checkout
filters, Git LFS pointers, submodules and ignored files, through ``fleet diff``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.diff.conftest import GitRepo, fleet_diff, git

FLEET = """\
version: "1.0.0"
targets:
  t:
    platforms: [linux]
    packs: ['*']
"""
PACK = """\
queries:
  users:
    query: SELECT uid, username FROM users
    interval: {interval}
  groups:
    query: SELECT gid, groupname FROM groups
    interval: 3600
"""
LOADED = "fleet: error: the inventory {where} does not load: 1 error(s) (fix them, or "
LOADED += "diff against another revision)"


def pack(interval: int = 60) -> str:
    return PACK.format(interval=interval)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """One commit: fleet.yml and packs/g/p.yml, at the top of the repository."""
    repo = GitRepo(tmp_path / "repo")
    repo.write({"fleet.yml": FLEET, "packs/g/p.yml": pack()})
    repo.commit("first")
    return repo


@pytest.fixture
def nested(tmp_path: Path) -> GitRepo:
    """The same inventory in infra/osquery, beside other files of the repository."""
    repo = GitRepo(tmp_path / "repo", inventory="infra/osquery")
    repo.write({"fleet.yml": FLEET, "packs/g/p.yml": pack()})
    (repo.path / "shared").mkdir()
    (repo.path / "shared/p.yml").write_text(pack(), encoding="utf-8")
    repo.commit("first")
    return repo


def link(repo: GitRepo, rel: str, target: str) -> None:
    path = repo.inventory / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def body(stdout: str) -> list[str]:
    """The diff without its first line, which names the two sides."""
    return stdout.splitlines()[1:]


ADDED_Q = """\
fleet diff: HEAD~1 ({base}) -> HEAD ({head})
inventory: . (version 1.0.0)
warning: what is compiled and deployed changes, but fleet.yml version stays 1.0.0: \
bump it so the cookbook and module carry a new version

target t: changed
  ! config_hash changes (5abab6b -> 6bcdf1d): every host of this target reloads its \
configuration
  files: osquery.conf changed
  packs
    + q (2 queries: pack_q_groups, pack_q_users)

1 of 1 target(s) change
"""


def test_a_link_to_a_pack_inside_the_inventory_is_followed(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    link(repo, "packs/h/q.yml", "../g/p.yml")
    head = repo.commit("link a pack")

    revisions = fleet_diff(repo.path, "HEAD~1", "HEAD")
    work_tree = fleet_diff(repo.path, "HEAD~1")

    assert (revisions.returncode, revisions.stderr) == (0, "")
    assert revisions.stdout == ADDED_Q.format(base=base[:7], head=head[:7])
    assert (work_tree.returncode, body(work_tree.stdout)) == (0, body(ADDED_Q))


def test_links_in_fleet_yml_and_packs_position_are_followed(repo: GitRepo) -> None:
    repo.git("mv", "fleet.yml", "config.yml")
    repo.git("mv", "packs", "src")
    link(repo, "fleet.yml", "config.yml")
    link(repo, "packs", "src")
    repo.write({"src/g/p.yml": pack(interval=300)})
    repo.commit("move the inventory behind links, and change an interval")

    revisions = fleet_diff(repo.path, "HEAD~1", "HEAD")
    work_tree = fleet_diff(repo.path, "HEAD~1")

    assert (revisions.returncode, revisions.stderr) == (0, "")
    assert body(revisions.stdout)[2:] == [
        "",
        "target t: changed",
        "  ! config_hash changes (5abab6b -> 0dae7fa): every host of this target "
        "reloads its configuration",
        "  files: osquery.conf changed",
        "  queries",
        "    ~ p/users",
        "        interval: 60 -> 300",
        "",
        "1 of 1 target(s) change",
    ]
    assert (work_tree.returncode, body(work_tree.stdout)) == (0, body(revisions.stdout))


def test_a_linked_group_directory_is_followed(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    repo.write({"shared/q.yml": pack()})
    link(repo, "packs/h", "../shared")
    head = repo.commit("link a group directory")

    revisions = fleet_diff(repo.path, "HEAD~1", "HEAD")
    work_tree = fleet_diff(repo.path, "HEAD~1")

    assert (revisions.returncode, revisions.stderr) == (0, "")
    assert revisions.stdout == ADDED_Q.format(base=base[:7], head=head[:7])
    assert (work_tree.returncode, body(work_tree.stdout)) == (0, body(ADDED_Q))


def in_revision(commit: str, work_tree_stderr: str) -> list[str]:
    """The working tree's findings as a revision names them, and its last line."""
    *findings, last = work_tree_stderr.splitlines()
    where = f"at HEAD ({commit[:7]})"
    return [f"{commit[:7]}:{line}" for line in findings] + [
        last.replace("in the working tree", where)
    ]


def test_a_finding_names_other_files_at_the_revision_too(repo: GitRepo) -> None:
    link(repo, "packs/h", "g")  # the same pack twice
    head = repo.commit("link a group directory beside itself")

    revisions = fleet_diff(repo.path, "HEAD~1", "HEAD")
    work_tree = fleet_diff(repo.path, "HEAD~1")

    duplicate = (
        "{at}packs/h/p.yml:1:1: error pack-duplicate pack 'p' is defined twice (also "
        "in {at}packs/g/p.yml) (pack names are file names and must be unique across "
        "groups)"
    )
    assert (revisions.returncode, revisions.stdout) == (3, "")
    assert revisions.stderr.splitlines() == [
        duplicate.format(at=f"{head[:7]}:"),
        LOADED.format(where=f"at HEAD ({head[:7]})"),
    ]
    assert (work_tree.returncode, work_tree.stdout) == (3, "")
    assert work_tree.stderr.splitlines() == [
        duplicate.format(at=""),
        LOADED.format(where="in the working tree"),
    ]


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("../../../../shared/p.yml", "pack-location"),  # in the repository
        ("../../../../../outside.yml", "pack-location"),  # out of the repository
        ("{tmp}/outside.yml", "pack-location"),  # absolute
        ("../../../../shared/gone.yml", "unreadable"),  # dangling
        ("{tmp}/gone.yml", "unreadable"),  # dangling, absolute
    ],
)
def test_a_link_out_of_the_inventory_is_not_read_at_a_revision_either(
    nested: GitRepo, tmp_path: Path, target: str, code: str
) -> None:
    (tmp_path / "outside.yml").write_text(pack(), encoding="utf-8")
    link(nested, "packs/h/q.yml", target.format(tmp=tmp_path))
    head = nested.commit("link a pack from outside")

    revisions = fleet_diff(nested.path, "HEAD~1", "HEAD", "-i", "infra/osquery")
    work_tree = fleet_diff(nested.path, "HEAD~1", "-i", "infra/osquery")

    assert (work_tree.returncode, work_tree.stdout) == (3, "")
    assert work_tree.stderr.startswith(
        f"infra/osquery/packs/h/q.yml:1:1: error {code} "
    )
    assert (revisions.returncode, revisions.stdout) == (3, "")
    assert revisions.stderr.splitlines() == in_revision(head, work_tree.stderr)


def test_a_fleet_yml_linked_from_outside_is_not_read(nested: GitRepo) -> None:
    (nested.path / "shared/fleet.yml").write_text(FLEET, encoding="utf-8")
    nested.remove("fleet.yml")
    link(nested, "fleet.yml", "../../shared/fleet.yml")
    head = nested.commit("link fleet.yml from outside")

    revisions = fleet_diff(nested.path, "HEAD~1", "HEAD", "-i", "infra/osquery")
    work_tree = fleet_diff(nested.path, "HEAD~1", "-i", "infra/osquery")

    assert (work_tree.returncode, work_tree.stdout) == (3, "")
    assert work_tree.stderr.startswith(
        "infra/osquery/fleet.yml:1:1: error pack-location "
    )
    assert (revisions.returncode, revisions.stdout) == (3, "")
    assert revisions.stderr.splitlines() == in_revision(head, work_tree.stderr)


def test_a_dangling_fleet_yml_is_no_inventory_on_both_sides(nested: GitRepo) -> None:
    nested.remove("fleet.yml")
    link(nested, "fleet.yml", "../../gone.yml")
    head = nested.commit("link fleet.yml to nothing")

    revisions = fleet_diff(nested.path, "HEAD~1", "HEAD", "-i", "infra/osquery")
    work_tree = fleet_diff(nested.path, "HEAD~1", "-i", "infra/osquery")

    assert (revisions.returncode, revisions.stdout) == (3, "")
    assert revisions.stderr == (
        f"fleet: error: there is no inventory at HEAD ({head[:7]}): "
        f"{head[:7]}:infra/osquery/fleet.yml does not exist\n"
    )
    assert (work_tree.returncode, work_tree.stdout) == (3, "")
    assert work_tree.stderr == (
        "fleet: error: there is no inventory in the working tree: "
        "infra/osquery/fleet.yml does not exist\n"
    )


def test_a_dangling_link_inside_is_unreadable_on_both_sides(repo: GitRepo) -> None:
    link(repo, "packs/h/q.yml", "../g/gone.yml")
    head = repo.commit("link a pack that is not there")

    revisions = fleet_diff(repo.path, "HEAD~1", "HEAD")
    work_tree = fleet_diff(repo.path, "HEAD~1")

    assert (work_tree.returncode, work_tree.stdout) == (3, "")
    assert work_tree.stderr.startswith("packs/h/q.yml:1:1: error unreadable ")
    assert (revisions.returncode, revisions.stdout) == (3, "")
    assert revisions.stderr.splitlines() == in_revision(head, work_tree.stderr)


def test_a_revision_goes_through_the_checkout_filters(tmp_path: Path) -> None:
    # The files are stored base64-encoded and decoded on checkout, as git-crypt or
    # transcrypt store them encrypted: the blob itself is not the inventory.
    repo = GitRepo(tmp_path / "repo")
    repo.git("config", "filter.b64.clean", "base64")
    repo.git("config", "filter.b64.smudge", "base64 -d")
    repo.write({".gitattributes": "*.yml filter=b64\n"})
    repo.write({"fleet.yml": FLEET, "packs/g/p.yml": pack()})
    repo.commit("first")
    repo.write({"packs/g/p.yml": pack(interval=300)})
    repo.commit("change an interval")
    assert repo.git("cat-file", "-p", "HEAD:fleet.yml").startswith("dmVyc2lvbjo")

    unchanged = fleet_diff(repo.path, "HEAD")
    changed = fleet_diff(repo.path, "HEAD~1", "HEAD")

    assert (unchanged.returncode, unchanged.stderr) == (0, "")
    assert unchanged.stdout.endswith("\nunchanged: t\nno changes\n")
    assert (changed.returncode, changed.stderr) == (0, "")
    assert "    ~ p/users\n        interval: 60 -> 300\n" in changed.stdout


LFS_POINTER = """\
version https://git-lfs.github.com/spec/v1
oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
size 1234
"""


def test_a_git_lfs_pointer_is_named_as_one(repo: GitRepo) -> None:
    repo.write({"packs/g/big.yml": LFS_POINTER})
    head = repo.commit("a pack kept in Git LFS")

    done = fleet_diff(repo.path, "HEAD~1", "HEAD")

    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr.splitlines() == [
        f"{head[:7]}:packs/g/big.yml:1:1: error unreadable the file is a Git LFS "
        "pointer, not the file's content (install git-lfs (git lfs install) and "
        "fetch the objects (git lfs pull))",
        LOADED.format(where=f"at HEAD ({head[:7]})"),
    ]


def add_submodule(repo: GitRepo, tmp_path: Path) -> str:
    """packs/vendor: a submodule holding one pack, vendor.yml."""
    vendor = GitRepo(tmp_path / "vendor")
    vendor.write({"vendor.yml": pack()})
    vendor.commit("a vendored pack")
    repo.git(
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        str(vendor.path),
        "packs/vendor",
    )
    return repo.commit("vendor packs as a submodule")


def test_packs_in_a_submodule_are_read_at_the_commit_it_records(
    repo: GitRepo, tmp_path: Path
) -> None:
    add_submodule(repo, tmp_path)

    revisions = fleet_diff(repo.path, "HEAD~1", "HEAD")
    work_tree = fleet_diff(repo.path, "HEAD~1")

    assert (revisions.returncode, revisions.stderr) == (0, "")
    assert "    + vendor (2 queries: pack_vendor_groups, pack_vendor_users)\n" in (
        revisions.stdout
    )
    assert (work_tree.returncode, body(work_tree.stdout)) == (0, body(revisions.stdout))


def test_a_submodule_this_clone_lacks_is_a_finding(
    repo: GitRepo, tmp_path: Path
) -> None:
    head = add_submodule(repo, tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo.path), str(clone))  # no --recurse

    done = fleet_diff(clone, "HEAD~1", "HEAD")

    assert (done.returncode, done.stdout) == (3, "")
    sub = repo.git("rev-parse", "HEAD:packs/vendor")
    assert done.stderr.splitlines() == [
        f"{head[:7]}:packs/vendor:1:1: error unreadable a git submodule whose commit "
        f"{sub[:7]} is not in this clone: fleet cannot read what it holds (run git "
        "submodule update --init, then diff again)",
        LOADED.format(where=f"at HEAD ({head[:7]})"),
    ]


def test_an_ignored_pack_in_the_working_tree_is_a_warning(repo: GitRepo) -> None:
    repo.write({".gitignore": "packs/local/\n"})
    repo.commit("ignore local packs")
    repo.write({"packs/local/mine.yml": pack()})

    done = fleet_diff(repo.path, "HEAD")

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[2:4] == [
        "warning: what is compiled and deployed changes, but fleet.yml version stays "
        "1.0.0: bump it so the cookbook and module carry a new version",
        "warning: packs/local/mine.yml is ignored by git: this diff counts it, as "
        "fleet compile does, but no commit will hold it",
    ]
    assert "    + mine (2 queries: pack_mine_groups, pack_mine_users)\n" in done.stdout


def test_a_pack_left_out_of_a_sparse_checkout_is_a_warning(repo: GitRepo) -> None:
    repo.write({"packs/h/q.yml": pack()})
    repo.commit("a second group")
    repo.git("sparse-checkout", "set", "--no-cone", "/fleet.yml", "/packs/g/")

    done = fleet_diff(repo.path, "HEAD")

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[2:4] == [
        "warning: what is compiled and deployed changes, but fleet.yml version stays "
        "1.0.0: bump it so the cookbook and module carry a new version",
        "warning: packs/h/q.yml is not checked out (sparse checkout or "
        "skip-worktree): this diff, as fleet compile, reads the working tree without "
        "it",
    ]
    assert "    - q (2 queries: pack_q_groups, pack_q_users)\n" in done.stdout


def test_two_revisions_compare_where_the_inventory_is_gone(nested: GitRepo) -> None:
    nested.write({"packs/g/p.yml": pack(interval=300)})
    nested.commit("change an interval")
    nested.git("rm", "-q", "-r", "infra")
    nested.commit("remove the inventory")

    done = fleet_diff(nested.path, "HEAD~2", "HEAD~1", "-i", "infra/osquery")
    work_tree = fleet_diff(nested.path, "HEAD~2", "-i", "infra/osquery")

    assert (done.returncode, done.stderr) == (0, "")
    assert "    ~ p/users\n        interval: 60 -> 300\n" in done.stdout
    assert (work_tree.returncode, work_tree.stdout) == (3, "")
    assert work_tree.stderr == (
        "fleet: error: there is no inventory in the working tree: "
        "infra/osquery/fleet.yml does not exist\n"
    )
