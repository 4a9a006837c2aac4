"""The rendered Chef cookbook, checked by real Ruby tools and evaluated per platform.

ruby -wc, Erubis and rubocop (TargetRubyVersion 2.7: Chef 16's Ruby) check syntax and
style; tests/render/chef_eval/evaluate.rb runs the cookbook against Fauxhai's node
data for macOS, Windows, Ubuntu and CentOS. That evaluator is not Chef: it checks what
the recipes declare, not what providers would do on a host.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fleet.osquery.layout import LAYOUTS
from tests.render.chef_eval import harness
from tests.render.chef_eval.checks import (
    CLEANUP,
    SERVICE,
    check_deployment,
    node_attributes,
)
from tests.render.chef_eval.inventories import PLATFORMS, TARGETS, write_inventory

pytestmark = pytest.mark.ruby

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(TARGETS)
EVALUATIONS = [(s, p) for s in SCENARIOS for p in PLATFORMS[s]]


@pytest.fixture(scope="module")
def cookbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, harness.Rendered]:
    base = tmp_path_factory.mktemp("chef")
    return {
        scenario: harness.render(
            write_inventory(base / "inv" / scenario, scenario),
            base / "cookbooks" / scenario,
        )
        for scenario in SCENARIOS
    }


def copy_of(rendered: harness.Rendered, tmp_path: Path) -> Path:
    return Path(shutil.copytree(rendered.root, tmp_path / rendered.name))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_ruby_files_compile_without_warnings(cookbooks, scenario):
    root = cookbooks[scenario].root
    assert len(list(root.rglob("*.rb"))) == 6
    assert harness.ruby_syntax_problems(root) == []


@pytest.mark.parametrize("scenario", ["inline", "external_posix"])
def test_erb_templates_compile(cookbooks, scenario):
    root = cookbooks[scenario].root
    assert [p.name for p in root.rglob("*.erb")] == ["osqueryd.env.erb"]
    assert harness.erb_problems(root) == []


@pytest.fixture(scope="module")
def rubocop_offenses(cookbooks, tmp_path_factory) -> dict[str, list[str]]:
    """One rubocop run (it takes about a second to start) over every scenario's
    cookbook and a copy given syntax Chef 16 cannot run: offenses per cookbook."""
    mutant = Path(
        shutil.copytree(
            cookbooks["inline"].root,
            tmp_path_factory.mktemp("chef16") / "osquery_fleet",
        )
    )
    with (mutant / "recipes" / "default.rb").open("a") as recipe:
        recipe.write("\nlabel = 'x'\nlog({ label: })\n")
    roots = {"chef16": mutant} | {s: cookbooks[s].root for s in SCENARIOS}
    result = harness.rubocop(list(roots.values()))
    assert result["summary"]["inspected_file_count"] == 6 * len(roots)
    offenses: dict[str, list[str]] = {name: [] for name in roots}
    for file in result["files"]:
        path = Path.cwd() / file["path"]  # rubocop prints paths under the cwd relative
        (name,) = [n for n, root in roots.items() if path.is_relative_to(root)]
        offenses[name] += [
            f"{file['path']}:{o['location']['line']}: {o['cop_name']}: {o['message']}"
            for o in file["offenses"]
        ]
    return offenses


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_rubocop_finds_nothing(rubocop_offenses, scenario):
    assert rubocop_offenses[scenario] == []


def test_rubocop_rejects_syntax_chef_16_cannot_run(rubocop_offenses):
    """The cookbook's .rubocop.yml is in force: Ruby 3.1's {a:} is an error for 2.7."""
    (offense,) = rubocop_offenses["chef16"]
    assert "recipes/default.rb" in offense and ": Lint/Syntax: " in offense


@pytest.mark.parametrize(("scenario", "node"), EVALUATIONS)
def test_cookbook_deploys_the_compiled_files(cookbooks, scenario, node):
    """The compiled bytes, modes 0640/0600 and sensitive (K23), and a delayed
    restart notified by every osquery file (K22), on each platform."""
    rendered = cookbooks[scenario]
    result = harness.evaluate(rendered.root, node, node_attributes(rendered.name))
    check_deployment(result, rendered, node)


def test_unsupported_platform_fails_with_a_clear_message(cookbooks):
    rendered = cookbooks["inline"]
    result = harness.evaluate(rendered.root, "freebsd", node_attributes(rendered.name))
    assert result["error"]["message"] == (
        "osquery_fleet deploys osquery to macOS, Windows, Debian/Ubuntu and "
        "RHEL/Fedora "
        "only; this node is freebsd 11.2-RELEASE (freebsd)"
    )
    assert "recipes/default.rb:" in result["error"]["where"]


def test_a_platform_the_target_does_not_list_fails(cookbooks):
    rendered = cookbooks["external_windows"]
    result = harness.evaluate(rendered.root, "linux", node_attributes(rendered.name))
    assert result["error"]["message"] == (
        "laptop_osquery deploys osquery to Windows only; "
        "this node is ubuntu 18.04 (debian)"
    )


def test_a_missing_enroll_secret_fails_the_converge(cookbooks):
    rendered = cookbooks["inline"]
    attributes = node_attributes(rendered.name)
    del attributes[rendered.name]["enroll_secret"]
    result = harness.evaluate(rendered.root, "linux", attributes)
    assert result["error"]["message"] == (
        "osquery_fleet: node['osquery_fleet']['enroll_secret'] is not set; give it at "
        "converge time (a role, Chef Vault, an encrypted data bag): osqueryd cannot "
        "enroll without it"
    )


@pytest.mark.parametrize("node", ["darwin", "windows"])
def test_a_missing_package_checksum_fails_the_converge(cookbooks, node):
    rendered = cookbooks["inline"]
    attributes = node_attributes(rendered.name, package={})
    result = harness.evaluate(rendered.root, node, attributes)
    suffix = ".pkg" if node == "darwin" else ".msi"
    assert result["error"]["message"] == (
        f"osquery_fleet: set node['osquery_fleet']['package']['{node}']['checksum'] "
        "to the "
        f"SHA-256 of https://pkg.osquery.io/{node}/osquery-5.12.1{suffix}"
    )


def test_without_a_managed_service_nothing_restarts(cookbooks):
    rendered = cookbooks["external_posix"]
    result = harness.evaluate(
        rendered.root, "linux", node_attributes(rendered.name, manage_service=False)
    )
    assert result["run_list"] == [
        "osquery_fleet::default",
        "osquery_fleet::install",
        "osquery_fleet::config",
    ]
    assert SERVICE["linux"] not in {
        f"{r['type']}[{r['name']}]" for r in result["resources"]
    }
    assert [r["notifications"] for r in result["resources"] if r["notifications"]] == []


def test_without_a_managed_package_nothing_is_installed(cookbooks):
    rendered = cookbooks["inline"]
    result = harness.evaluate(
        rendered.root, "darwin", node_attributes(rendered.name, manage_package=False)
    )
    assert "osquery_fleet::install" not in result["run_list"]
    types = {r["type"] for r in result["resources"]}
    assert not types & {"remote_file", "execute", "package", "windows_package"}


def test_verify_config_can_be_turned_off(cookbooks):
    rendered = cookbooks["inline"]
    result = harness.evaluate(
        rendered.root, "windows", node_attributes(rendered.name, verify_config=False)
    )
    config = LAYOUTS["windows"].config_path
    (resource,) = [r for r in result["resources"] if r["name"] == config]
    assert "verify" not in resource["properties"]


@pytest.mark.parametrize("scenario", ["external_posix", "inline"])
def test_clean_up_deletes_only_unmanaged_pack_files(cookbooks, scenario, tmp_path):
    """K24, converged for real on this machine's files (Linux paths only)."""
    rendered = cookbooks[scenario]
    packs = tmp_path / "packs"
    (packs / "kept.conf").mkdir(parents=True)  # a directory: not a pack file
    for name in ("web.conf", "old.conf", "notes.txt"):
        (packs / name).write_text("{}\n")
    attributes = node_attributes(rendered.name, packs_dir=str(packs))

    result = harness.evaluate(rendered.root, "linux", attributes, converge=True)
    (cleanup,) = [
        r for r in result["resources"] if f"ruby_block[{r['name']}]" == CLEANUP
    ]
    assert cleanup["converge"] == {"guards_pass": True, "ran": True}
    managed = ["web.conf"] if scenario == "external_posix" else []
    assert sorted(p.name for p in packs.iterdir()) == sorted(
        ["kept.conf", "notes.txt", *managed]
    )

    again = harness.evaluate(rendered.root, "linux", attributes, converge=True)
    (cleanup,) = [
        r for r in again["resources"] if f"ruby_block[{r['name']}]" == CLEANUP
    ]
    assert cleanup["converge"] == {"guards_pass": False, "ran": False}  # so no restart


MUTATIONS = {
    "unknown DSL method": (
        "recipes/config.rb",
        "\nfrobnicate 'x'\n",
        None,
        "Recipe: unknown DSL method 'frobnicate' at recipes/config.rb:",
    ),
    "unknown resource": (
        "recipes/config.rb",
        "\nwindows_task 'x'\n",
        None,
        "Recipe: unknown DSL method 'windows_task' at recipes/config.rb:",
    ),
    "unknown property": (
        "recipes/config.rb",
        "sensitive true",
        "sensitiv true",
        "unknown DSL method 'sensitiv'",
    ),
    "unknown action": (
        "recipes/service.rb",
        "%i[enable start]",
        "%i[enable begin]",
        "unknown action :begin",
    ),
    "missing notification target": (
        "recipes/config.rb",
        "'service[osqueryd]'",
        "'service[osquery]'",
        "notifies missing resource service[osquery]",
    ),
    "code from a string": (
        "recipes/default.rb",
        "\nnote = \"#{system('true')}\"\n",
        None,
        "cookbook code called Kernel#system",
    ),
    "backticks": (
        "attributes/default.rb",
        "\ndefault['x']['y'] = `id`\n",
        None,
        "cookbook code called Kernel#`",
    ),
    "symbol attribute key": (
        "recipes/install.rb",
        "node['osquery_fleet']",
        "node[:osquery_fleet]",
        "attribute keys are Strings here",
    ),
    "missing cookbook file": (
        "recipes/config.rb",
        "source 'osquery.conf'",
        "source 'osquery.json'",
        "files/default/osquery.json does not",
    ),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_the_evaluator_fails_on_what_it_does_not_understand(
    cookbooks, tmp_path, mutation
):
    """Negative controls: the evaluator cannot silently pass a broken cookbook."""
    rel, old, new, message = MUTATIONS[mutation]
    root = copy_of(cookbooks["inline"], tmp_path)
    path = root / rel
    text = path.read_text(encoding="utf-8")
    if new is None:
        text += old
    else:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    result = harness.evaluate(root, "linux", node_attributes("osquery_fleet"))
    assert message in result["error"]["message"]


def test_repository_inventory_cookbook(tmp_path):
    """The cookbook of the project's own inventory passes every check above."""
    if not (REPO / "fleet.yml").is_file():
        pytest.fail(
            f"{REPO / 'fleet.yml'} does not exist yet: the repository inventory "
            "is being written",
            pytrace=False,
        )
    rendered = harness.render(REPO, tmp_path)
    assert harness.ruby_syntax_problems(rendered.root) == []
    assert harness.erb_problems(rendered.root) == []
    result = harness.rubocop([rendered.root])
    assert [o for f in result["files"] for o in f["offenses"]] == []
    nodes = {"darwin": ["darwin"], "windows": ["windows"], "linux": ["linux", "rhel"]}
    for platform in rendered.compiled.target.platforms:
        for node in nodes[platform]:
            evaluation = harness.evaluate(
                rendered.root, node, node_attributes(rendered.name)
            )
            check_deployment(evaluation, rendered, node)
