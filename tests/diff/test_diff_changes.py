"""fleet diff: the exact changes, notes and warnings between revisions of a real
repository (tests/diff/conftest.py builds its history)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleet.diff import DiffReport, diff_inventory
from fleet.diff.model import TargetDiff
from fleet.errors import FleetError
from tests.diff.conftest import SYSTEMD, GitRepo, build_history, fleet_yml, startup_yml

History = tuple[GitRepo, dict[str, str]]
Q = "/packs/startup/queries"


def target(report: DiffReport, name: str) -> TargetDiff:
    return next(t for t in report.targets if t.name == name)


def changes(report: DiffReport, name: str = "laptops") -> list[tuple[object, ...]]:
    return [
        (i.change.kind, i.change.pointer, i.change.old, i.change.new)
        for i in target(report, name).items
    ]


def pointers(report: DiffReport, name: str = "laptops") -> list[tuple[str, str]]:
    return [(i.change.kind, i.change.pointer) for i in target(report, name).items]


def test_adding_a_query(history: History) -> None:
    repo, _ = history
    report = diff_inventory(repo.path, "v1.0.0", "v1.1.0")

    laptops = target(report, "laptops")
    assert pointers(report) == [("added", f"{Q}/systemd_units")]
    assert laptops.items[0].result_names == ("pack_startup_systemd_units",)
    assert [(c.kind, c.path) for c in laptops.files] == [("changed", ("osquery.conf",))]
    old_hash, new_hash = laptops.config_hash
    assert laptops.notes == [
        f"config_hash changes ({old_hash[:7]} -> {new_hash[:7]}): "
        "every host of this target reloads its configuration"
    ]
    assert report.warnings == []


def test_changing_an_interval_and_sql(history: History) -> None:
    repo, _ = history
    report = diff_inventory(repo.path, "v1.1.0", "v1.2.0")

    assert changes(report) == [
        ("changed", f"{Q}/crontab/interval", 3600, 600),
        (
            "changed",
            f"{Q}/crontab/query",
            "SELECT command, path FROM crontab",
            "SELECT command, path\nFROM crontab\nWHERE command NOT LIKE '%anacron%'",
        ),
    ]
    assert target(report, "laptops").items[1].sql_diff == (
        "@@ -1 +1,3 @@",
        "-SELECT command, path FROM crontab",
        "+SELECT command, path",
        "+FROM crontab",
        "+WHERE command NOT LIKE '%anacron%'",
    )


def test_removing_a_pack(history: History) -> None:
    repo, _ = history
    report = diff_inventory(repo.path, "v1.2.0", "v1.3.0")

    assert pointers(report) == [("removed", "/packs/software")]
    item = target(report, "laptops").items[0]
    assert item.result_names == ("pack_software_deb_packages",)
    assert item.section == "packs"


def test_changing_options_and_flags(history: History) -> None:
    repo, _ = history
    report = diff_inventory(repo.path, "v1.3.0", "v1.4.0")

    assert changes(report) == [
        ("changed", "/options/schedule_splay_percent", "10", "20"),
        ("added", "/options/utc", None, "true"),
        ("changed", "/flags/logger_plugin", "filesystem", "tls"),
        ("added", "/flags/tls_hostname", None, "fleet.example.com"),
    ]
    laptops = target(report, "laptops")
    assert [i.platforms for i in laptops.items] == [(), (), *[("darwin", "linux")] * 2]
    assert "start-up flags change: they apply once osqueryd restarts" in laptops.notes
    assert [c.path[0] for c in laptops.files] == [
        "osquery.conf",
        "osquery.darwin.flags",
        "osquery.linux.flags",
    ]


def test_renaming_a_query_names_both_results(history: History) -> None:
    repo, _ = history
    report = diff_inventory(repo.path, "v1.4.0", "v1.5.0")

    assert pointers(report) == [
        ("removed", f"{Q}/launchd_overrides"),
        ("added", f"{Q}/launchd_run_at_load"),
    ]
    assert [i.result_names for i in target(report, "laptops").items] == [
        ("pack_startup_launchd_overrides",),
        ("pack_startup_launchd_run_at_load",),
    ]
    assert target(report, "laptops").notes[1] == (
        "query startup/launchd_overrides renamed to startup/launchd_run_at_load: "
        "results move from pack_startup_launchd_overrides to "
        "pack_startup_launchd_run_at_load, whose first run logs every row as added"
    )


def test_adding_a_target(history: History) -> None:
    repo, _ = history
    report = diff_inventory(repo.path, "v1.5.0", "v1.6.0")

    assert [(t.name, t.status) for t in report.targets] == [
        ("laptops", "unchanged"),
        ("servers", "added"),
    ]
    assert target(report, "laptops").items == []
    assert pointers(report, "servers") == [
        ("added", "/target/deploy"),
        ("added", "/target/enroll_secret"),
        ("added", "/target/pack_mode"),
        ("added", "/target/packs"),
        ("added", "/target/packs_dir"),
        ("added", "/target/platforms"),
        ("added", "/packs/startup"),
    ]
    servers = target(report, "servers")
    assert servers.items[-1].result_names == (
        "pack_startup_crontab",
        "pack_startup_systemd_units",
    )
    assert [(c.kind, c.path[0]) for c in servers.files] == [
        ("added", "osquery.conf"),
        ("added", "osquery.linux.flags"),
        ("added", "packs/startup.conf"),
    ]
    assert servers.config_hash[0] is None


def test_default_base_is_the_merge_base_with_main(history: History) -> None:
    repo, commits = history
    repo.git("checkout", "-q", "feature")

    report = diff_inventory(repo.path, None, None)

    assert (report.base.label, report.base.commit) == (
        "merge base with main",
        commits["v1.3.0"],
    )
    assert (report.head.label, report.head.commit) == ("working tree", None)
    # Only the branch's own change, not what main did after it branched off.
    assert pointers(report) == [
        ("added", "/packs/services"),
        ("removed", f"{Q}/systemd_units"),
    ]
    assert target(report, "laptops").notes[1] == (
        "query startup/systemd_units moved to services/systemd_units: results move "
        "from pack_startup_systemd_units to pack_services_systemd_units, whose first "
        "run logs every row as added"
    )


def test_version_not_bumped_is_a_warning(history: History) -> None:
    repo, _ = history
    repo.git("checkout", "-q", "feature")

    report = diff_inventory(repo.path, None, None)

    assert [(w.code, w.message) for w in report.warnings] == [
        (
            "version-not-bumped",
            "what is compiled and deployed changes, but fleet.yml version stays "
            "1.3.0: bump it so the cookbook and module carry a new version",
        )
    ]


def test_working_tree_changes_are_included(history: History) -> None:
    repo, _ = history
    repo.git("checkout", "-q", "v1.3.0")
    repo.write(
        {
            "packs/persistence/startup.yml": startup_yml(3).replace(
                "interval: 600", "interval: 900"
            ),
            "packs/persistence/untracked.yml": "queries:\n" + SYSTEMD,
        }
    )

    report = diff_inventory(repo.path, "HEAD", None)

    assert changes(report) == [
        (
            "added",
            "/packs/untracked",
            None,
            target(report, "laptops").items[0].change.new,
        ),
        ("changed", f"{Q}/crontab/interval", 600, 900),
    ]
    assert report.head.label == "working tree"


def test_no_change_is_no_change(history: History) -> None:
    repo, commits = history

    report = diff_inventory(repo.path, "v1.6.0", commits["v1.6.0"])

    assert not report.changed
    assert report.warnings == []
    assert [t.status for t in report.targets] == ["unchanged", "unchanged"]


def test_a_revision_without_the_inventory_cannot_be_loaded(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write({"README.md": "nothing yet\n"})
    first = repo.commit("before the inventory")
    build_history(repo)

    with pytest.raises(FleetError) as caught:
        diff_inventory(repo.path, first, "v1.0.0")

    assert caught.value.exit_code == 3
    assert str(caught.value) == (
        f"there is no inventory at {first} ({first[:7]}): {first[:7]}:fleet.yml "
        "does not exist"
    )


def test_pack_fields_decorators_and_pack_mode(history: History) -> None:
    repo, _ = history
    repo.write(
        {
            "fleet.yml": fleet_yml("1.7.0", 6)
            .replace("    pack_mode: external\n", "    pack_mode: inline\n")
            .replace("    packs_dir: /etc/osquery/packs\n", "")
            + "    decorators:\n      load: [SELECT hostname FROM system_info]\n",
            "packs/persistence/startup.yml": startup_yml(6).replace(
                "queries:",
                "shard: 50\ndiscovery: [SELECT 1 FROM system_info]\nqueries:",
            ),
        }
    )

    report = diff_inventory(repo.path, "v1.6.0", None)

    assert changes(report, "servers") == [
        ("changed", "/target/pack_mode", "external", "inline"),
        ("changed", "/target/packs_dir", "/etc/osquery/packs", None),
        ("added", "/packs/startup/discovery", None, ["SELECT 1 FROM system_info"]),
        ("added", "/packs/startup/shard", None, 50),
        ("added", "/decorators/load", None, ["SELECT hostname FROM system_info"]),
    ]
    assert [(c.kind, c.path[0]) for c in target(report, "servers").files] == [
        ("changed", "osquery.conf"),
        ("removed", "packs/startup.conf"),
    ]


def test_external_pack_files_are_not_hashed(history: History) -> None:
    repo, _ = history
    repo.write(
        {
            "fleet.yml": fleet_yml("1.7.0", 6),
            "packs/persistence/startup.yml": startup_yml(6).replace(
                "interval: 600", "interval: 900"
            ),
        }
    )

    report = diff_inventory(repo.path, "v1.6.0", None)

    servers = target(report, "servers")
    assert [(c.kind, c.path[0]) for c in servers.files] == [
        ("changed", "packs/startup.conf")
    ]
    assert servers.notes == [
        "only pack files change, and osquery does not hash them: hosts run the new "
        "packs once osqueryd restarts"
    ]
    assert report.warnings == []
