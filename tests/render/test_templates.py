"""``--templates DIR`` through the real CLI: an overlay on the shipped templates, a
clear refusal of a wrong layout, and one line naming file:line for a broken template
with the output left exactly as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from fleet.cli import app
from fleet.outdir import MARKER, read_tree
from fleet.render.templating import shipped_root
from tests.render.chef_eval import harness
from tests.render.chef_eval.inventories import HOSTILE, HOSTILE_PATH

SHIPPED = Path(__file__).resolve().parents[2] / "templates"
# A team's line, appended to a shipped template: valid Ruby and Puppet (a comment).
TEAM_LINE = "# changed by the team\n"
TOOLS = {
    # tool: (deploy name, the file the test overrides)
    "chef": ("laptop_osquery", "metadata.rb"),
    "puppet": ("server_osquery", "manifests/init.pp"),
}


def fleet(*args: str | Path) -> tuple[int, str, str]:
    """The CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    """A Chef and a Puppet target; the Chef one's free text is hostile."""
    root = tmp_path / "inv"
    (root / "packs" / "g").mkdir(parents=True)
    document = {
        "version": "1.2.0",
        "osquery_version": "5.12.1",
        "targets": {
            "laptops": {
                "description": HOSTILE,
                "platforms": ["darwin", "linux"],
                "deploy": {
                    "tool": "chef",
                    "name": "laptop_osquery",
                    "package_version": "5.12.1",
                },
                "packs": ["*"],
                "pack_mode": "external",
                "packs_dir": f"/opt/fleet/{HOSTILE_PATH}/packs",
            },
            "servers": {
                "platforms": ["linux"],
                "deploy": {
                    "tool": "puppet",
                    "name": "server_osquery",
                    "author": "fleet",
                    "package_version": "5.12.1",
                },
                "packs": ["*"],
                "pack_mode": "external",
            },
        },
    }
    pack = {
        "description": HOSTILE,
        "queries": {"procs": {"query": "SELECT pid FROM processes", "interval": 60}},
    }
    dump = {"allow_unicode": True, "sort_keys": False}
    (root / "fleet.yml").write_text(yaml.safe_dump(document, **dump), "utf-8")
    (root / "packs/g/web.yml").write_text(yaml.safe_dump(pack, **dump), "utf-8")
    (root / "packs/g/README.md").write_text("# runbook\n", "utf-8")
    return root


def overlay(directory: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


def shipped(tool: str, rel: str) -> str:
    return (SHIPPED / tool / f"{rel}.j2").read_text(encoding="utf-8")


def render(tool: str, inventory: Path, out: Path, *extra: str | Path) -> str:
    code, _, stderr = fleet("render", tool, "-i", inventory, "-o", out, *extra)
    assert code == 0, stderr
    return stderr


def snapshot(out: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every file under ``out`` (the marker too) and the names beside it."""
    files = read_tree(out)
    files[MARKER] = (out / MARKER).read_bytes()
    return files, sorted(os.listdir(out.parent))


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_one_overridden_file_the_rest_shipped(
    tool: str, inventory: Path, tmp_path: Path
) -> None:
    name, rel = TOOLS[tool]
    team = overlay(
        tmp_path / "team", {f"{tool}/{rel}.j2": shipped(tool, rel) + TEAM_LINE}
    )
    render(tool, inventory, tmp_path / "base")
    render(tool, inventory, tmp_path / "out", "--templates", team)

    base = read_tree(tmp_path / "base")
    out = read_tree(tmp_path / "out")
    changed = {f"{name}/{rel}", f"{name}/.fleet-manifest.json"}
    assert set(out) == set(base)
    assert {p for p in out if out[p] != base[p]} == changed
    assert out[f"{name}/{rel}"] == base[f"{name}/{rel}"] + TEAM_LINE.encode()
    manifest = json.loads(out[f"{name}/.fleet-manifest.json"])
    assert manifest["files"][rel]["bytes"] == len(out[f"{name}/{rel}"])


@pytest.mark.ruby
def test_a_team_template_adds_a_file_and_gets_the_quoting_filters(
    inventory: Path, tmp_path: Path
) -> None:
    """A new attribute file and a partial of the team's: the file is rendered, the
    partial is not, and inventory text reaches Ruby through the same ``ruby``
    filter, so Ruby reads back exactly the inventory's text."""
    team = overlay(
        tmp_path / "team",
        {
            "chef/_team.j2": "{% macro note() %}# team note{% endmacro %}\n",
            "chef/attributes/team.rb.j2": (
                "{% from '_team.j2' import note %}\n"
                "{{ note() }}\n"
                "default[{{ name | ruby }}]['team']['about'] = "
                "{{ description | ruby }}\n"
            ),
        },
    )
    render("chef", inventory, tmp_path / "base")
    render("chef", inventory, tmp_path / "out", "--templates", team)

    base = read_tree(tmp_path / "base")
    out = read_tree(tmp_path / "out")
    assert set(out) - set(base) == {"laptop_osquery/attributes/team.rb"}
    assert {p for p in base if out[p] != base[p]} == {
        "laptop_osquery/.fleet-manifest.json"
    }
    code = out["laptop_osquery/attributes/team.rb"].decode()
    assert code.startswith(
        "# team note\ndefault['laptop_osquery']['team']['about'] = '"
    )
    script = tmp_path / "read.rb"
    script.write_text(
        "default = Hash.new { |h, k| h[k] = Hash.new(&h.default_proc) }\n"
        + code
        + "STDOUT.write(default['laptop_osquery']['team']['about'])\n",
        encoding="utf-8",
    )
    printed = subprocess.run(
        [harness.need("ruby"), str(script)], capture_output=True, text=True, check=True
    )
    assert printed.stdout == HOSTILE


@pytest.mark.ruby
def test_an_overlay_leaves_the_quoting_of_shipped_templates_alone(
    inventory: Path, tmp_path: Path
) -> None:
    """With every documentation file replaced, the Ruby and Puppet files are the
    shipped templates' bytes (whose quoting the other tests check), and parse."""
    team = overlay(
        tmp_path / "team",
        {"chef/README.md.j2": "{{ description }}\n", "puppet/README.md.j2": "x\n"},
    )
    (tmp_path / "base").mkdir()
    (tmp_path / "out").mkdir()
    for tool in TOOLS:
        render(tool, inventory, tmp_path / "base" / tool)
        render(tool, inventory, tmp_path / "out" / tool, "--templates", team)
        base = read_tree(tmp_path / "base" / tool)
        out = read_tree(tmp_path / "out" / tool)
        code = [p for p in base if p.endswith((".rb", ".pp", ".yaml", ".json"))]
        assert code
        for path in code:
            if not path.endswith(".fleet-manifest.json"):
                assert out[path] == base[path], path
    cookbook = tmp_path / "out" / "chef" / "laptop_osquery"
    assert harness.ruby_syntax_problems(cookbook) == []


def test_build_overlays_each_tool(inventory: Path, tmp_path: Path) -> None:
    team = overlay(
        tmp_path / "team",
        {
            f"{tool}/{rel}.j2": shipped(tool, rel) + TEAM_LINE
            for tool, (_, rel) in TOOLS.items()
        },
    )
    args = ["-i", inventory, "--chef-out", tmp_path / "chef"]
    args += ["--puppet-out", tmp_path / "puppet", "--templates", team]
    code, _, stderr = fleet("build", *args, "-o", tmp_path / "build")
    assert code == 0, stderr
    for tool, (name, rel) in TOOLS.items():
        text = (tmp_path / tool / name / rel).read_text(encoding="utf-8")
        assert text.endswith("\n" + TEAM_LINE), tool
    assert fleet("build", *args, "--check")[0] == 0


LAYOUT_HINT = (
    "--templates DIR overlays DIR/chef/ on the cookbook templates and DIR/puppet/ "
    "on the module templates, laid out like fleet's own "
    "(DIR/puppet/manifests/init.pp.j2 replaces manifests/init.pp); files not given "
    "there come from fleet"
)


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_templates_dir_without_the_tool_subdirectory_is_refused(
    tool: str, inventory: Path, tmp_path: Path
) -> None:
    """The usual mistake: DIR given as the tool's own directory (DIR/manifests/...)."""
    _, rel = TOOLS[tool]
    other = "puppet" if tool == "chef" else "chef"
    team = overlay(
        tmp_path / "team",
        {f"{rel}.j2": shipped(tool, rel), f"{other}/README.md.j2": "x\n"},
    )
    code, _, stderr = fleet(
        "render", tool, "-i", inventory, "-o", tmp_path / "out", "--templates", team
    )
    assert code == 3
    assert stderr.endswith(
        f"fleet: error: templates directory {team} has no {tool}/ subdirectory "
        f"({LAYOUT_HINT}; create {team / tool} (it may be empty))\n"
    )
    assert not (tmp_path / "out").exists()


def test_the_tool_directory_given_as_templates_dir_is_refused(
    inventory: Path, tmp_path: Path
) -> None:
    team = overlay(tmp_path / "team", {"puppet/README.md.j2": "x\n"})
    code, _, stderr = fleet(
        "render", "puppet", "-i", inventory, "--templates", team / "puppet"
    )
    assert code == 3
    assert stderr.endswith(
        f"fleet: error: templates directory {team / 'puppet'} has no puppet/ "
        f"subdirectory ({LAYOUT_HINT}; give its parent, --templates {team})\n"
    )


def test_build_needs_the_subdirectory_of_every_tool_it_renders(
    inventory: Path, tmp_path: Path
) -> None:
    team = overlay(tmp_path / "team", {"puppet/README.md.j2": "x\n"})
    code, _, stderr = fleet("build", "-i", inventory, "--templates", team)
    assert code == 3
    assert f"templates directory {team} has no chef/ subdirectory" in stderr
    (team / "chef").mkdir()
    assert fleet("build", "-i", inventory, "--templates", team)[0] == 0


def test_a_missing_templates_dir_is_refused(inventory: Path, tmp_path: Path) -> None:
    code, _, stderr = fleet(
        "render", "chef", "-i", inventory, "--templates", tmp_path / "nowhere"
    )
    assert code == 3
    assert stderr.endswith(
        f"fleet: error: templates directory {tmp_path / 'nowhere'} does not exist "
        f"({LAYOUT_HINT})\n"
    )


def test_a_file_without_the_template_suffix_is_refused(
    inventory: Path, tmp_path: Path
) -> None:
    """It would be ignored silently; hidden files (.gitkeep, .DS_Store) are not."""
    team = overlay(
        tmp_path / "team",
        {"puppet/manifests/init.pp": "class x {}\n", "puppet/.DS_Store": ""},
    )
    code, _, stderr = fleet("render", "puppet", "-i", inventory, "--templates", team)
    assert code == 3
    assert stderr.endswith(
        f"fleet: error: {team}/puppet/manifests/init.pp is not a template: template "
        "files end in .j2 (name it init.pp.j2 to render manifests/init.pp)\n"
    )


# (tool, template path, its text, the message after "fleet: error: <DIR>/")
BROKEN = {
    "syntax": (
        "puppet",
        "puppet/manifests/init.pp.j2",
        "class {{ name }} {\n{% if %}\n}\n",
        "puppet/manifests/init.pp.j2:2: template syntax error: Expected an "
        "expression, got 'end of statement block'",
    ),
    "unknown filter": (
        "chef",
        "chef/README.md.j2",
        "# {{ name }}\n\n{{ description | nosuch }}\n",
        "chef/README.md.j2:3: template syntax error: No filter named 'nosuch'.",
    ),
    "undefined": (
        "chef",
        "chef/metadata.rb.j2",
        "name {{ name | ruby }}\n{{ maintainer | ruby }}\n{{ maintainers }}\n",
        "chef/metadata.rb.j2:3: undefined value: 'maintainers' is undefined",
    ),
    "attribute of nothing": (
        "puppet",
        "puppet/README.md.j2",
        "# {{ name }}\n{% for row in queries %}\n{{ row.owner }}\n{% endfor %}\n",
        "puppet/README.md.j2:3: undefined value: 'fleet.render.puppet.QueryRow "
        "object' has no attribute 'owner'",
    ),
    "filter raises": (
        "puppet",
        "puppet/data/common.yaml.j2",
        "---\n{{ name | hiera(2) }}\n",
        "puppet/data/common.yaml.j2:2: template error: TypeError: hiera_str() "
        "takes 1 positional argument but 2 were given",
    ),
    "in a partial": (
        "chef",
        "chef/_macros.j2",
        "{% macro header() %}\n# {{ 1 / 0 }}\n{% endmacro %}\n",
        "chef/_macros.j2:2: template error: ZeroDivisionError: division by zero",
    ),
    "missing include": (
        "puppet",
        "puppet/hiera.yaml.j2",
        "---\n{% include 'team/common.j2' %}\n",
        "puppet/hiera.yaml.j2:2: template error: TemplateNotFound: 'team/common.j2' "
        "not found in search paths: '{dir}/puppet', '{shipped}/puppet'",
    ),
    "ERB with inventory values": (
        "chef",
        "chef/templates/default/osqueryd.env.erb.j2",
        "# Managed by Chef.\nFLAG_FILE={{ name }}\n",
        "chef/templates/default/osqueryd.env.erb.j2:2: undefined value: 'name' is "
        "undefined (ERB templates are rendered without inventory values)",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_template_is_one_line_and_the_output_stays(
    case: str, inventory: Path, tmp_path: Path
) -> None:
    tool, rel, text, message = BROKEN[case]
    out = tmp_path / "outputs" / "out"
    out.parent.mkdir()
    render(tool, inventory, out)
    before = snapshot(out)
    team = overlay(tmp_path / "team", {rel: text})

    code, _, stderr = fleet(
        "render", tool, "-i", inventory, "-o", out, "--templates", team
    )

    expected = message.format(dir=team, shipped=shipped_root())
    assert code == 3
    assert stderr.splitlines()[-1] == f"fleet: error: {team}/{expected}"
    assert "Traceback" not in stderr
    assert snapshot(out) == before


def test_build_with_a_broken_template_writes_nothing(
    inventory: Path, tmp_path: Path
) -> None:
    """build renders every tool before it writes any directory, build/ included."""
    team = overlay(
        tmp_path / "team",
        {"chef/README.md.j2": "ok\n", "puppet/hiera.yaml.j2": "---\n{{ nosuch }}\n"},
    )
    code, _, stderr = fleet("build", "-i", inventory, "--templates", team)
    assert code == 3
    assert stderr.splitlines()[-1] == (
        f"fleet: error: {team}/puppet/hiera.yaml.j2:2: undefined value: 'nosuch' "
        "is undefined"
    )
    assert sorted(p.name for p in inventory.iterdir()) == ["fleet.yml", "packs"]


def test_render_follows_the_output_rule(inventory: Path, tmp_path: Path) -> None:
    """As compile and build: the parent must exist, the inventory is never output."""
    code, _, stderr = fleet(
        "render", "chef", "-i", inventory, "-o", tmp_path / "missing" / "chef"
    )
    assert code == 3
    assert "does not exist (create it first" in stderr
    assert not (tmp_path / "missing").exists()
    code, _, stderr = fleet("render", "puppet", "-i", inventory, "-o", inventory)
    assert code == 3
    assert (inventory / "fleet.yml").is_file()


@pytest.mark.parametrize("name", ["..j2", "...j2"])
def test_a_template_for_no_file_name_is_refused(
    inventory: Path, tmp_path: Path, name: str
) -> None:
    team = overlay(tmp_path / "team", {f"chef/recipes/{name}": "x\n"})
    out = tmp_path / "out"
    code, _, stderr = fleet(
        "render", "chef", "-i", inventory, "--templates", team, "-o", out
    )
    assert code == 3
    stem = name[: -len(".j2")]
    assert stderr.endswith(
        f"fleet: error: {team}/chef/recipes/{name} is a template for no file: "
        f"'{stem}' is not a file name (name it <file name>.j2)\n"
    )
    assert not out.exists()
