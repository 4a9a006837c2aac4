"""Checks on targets: platforms, selection, settings and the compiled result."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from fleet.compile.config import CompiledTarget
from fleet.compile.select import select, selector_matches
from fleet.findings import Finding, Pos, Severity, error, info, warning
from fleet.load.yamldoc import suggest
from fleet.model import Inventory, Setting, Target
from fleet.osquery import flags as osquery_flags
from fleet.osquery.layout import LAYOUTS, packs_dir_problem
from fleet.osquery.names import full_name
from fleet.osquery.platforms import ALL, matches
from fleet.osquery.version import older
from fleet.render.naming import DEPLOY_NAME, PUPPET_RESERVED
from fleet.secrets import secret_setting

MAX_CONFIG_BYTES = 1024 * 1024
MAX_DEPTH = 32
TOOLS = {"chef", "puppet"}
PLATFORM_HINTS = {"macos": "darwin", "osx": "darwin", "mac": "darwin", "win": "windows"}


def check_targets(
    inventory: Inventory, compiled: dict[str, CompiledTarget]
) -> Iterator[Finding]:
    if not inventory.targets and "targets" in inventory.where:
        yield error(
            "target-none", inventory.at("targets"), "fleet.yml declares no targets"
        )
    for name, target in sorted(inventory.targets.items()):
        yield from _identity(target)
        yield from _selection(inventory, target)
        yield from _pack_mode(target)
        yield from _settings(target)
        yield from _layout_flags(target)
        yield from _delimiter(inventory, target)
        yield from _versions(inventory, target)
        yield from _decorators(target)
        yield from _file_paths(target)
        if name in compiled:
            yield from _collisions(inventory, target)
            yield from _size(compiled[name])


def _identity(target: Target) -> Iterator[Finding]:
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", target.name):
        yield error(
            "name-unsafe",
            target.pos,
            f"target name '{target.name}' must start with a lowercase letter and "
            "hold only lowercase letters, digits, '_' or '-'",
        )
    for i, platform in enumerate(target.platforms):
        if platform not in ALL:
            hint = PLATFORM_HINTS.get(platform.lower(), "")
            yield error(
                "target-platform",
                target.where.get(f"platforms[{i}]", target.at("platforms")),
                f"target platform '{platform}' is not darwin, linux or windows",
                f"did you mean '{hint}'?"
                if hint
                else "list each platform: darwin, linux, windows",
            )
    deploy = target.deploy
    if deploy.pos is None:
        return
    if deploy.tool not in TOOLS:
        yield error(
            "deploy-tool",
            deploy.pos.at(f"targets.{target.name}.deploy.tool"),
            f"deploy tool '{deploy.tool}' is not chef or puppet",
        )
    if not DEPLOY_NAME.fullmatch(deploy.name) or (
        deploy.tool == "puppet" and deploy.name in PUPPET_RESERVED
    ):
        yield error(
            "deploy-name",
            deploy.pos.at(f"targets.{target.name}.deploy.name"),
            f"'{deploy.name}' cannot name a cookbook or module"
            + (": Puppet reserves that word" if deploy.name in PUPPET_RESERVED else ""),
            "use lowercase letters, digits and '_', starting with a letter",
        )
    if deploy.tool == "puppet" and not re.fullmatch(r"[a-z0-9]+", deploy.author):
        yield error(
            "deploy-name",
            deploy.pos.at(f"targets.{target.name}.deploy.author"),
            f"Puppet module author '{deploy.author}' must be lowercase letters "
            "and digits",
        )
    if deploy.tool in TOOLS and deploy.package_pos is None:
        yield error(
            "deploy-package",
            deploy.pos.at(f"targets.{target.name}.deploy"),
            f"target '{target.name}' is deployed with {deploy.tool} but pins no "
            "osquery version",
            "set deploy.package_version, e.g. '5.12.1'",
        )
    if deploy.tool == "puppet" and set(target.platforms) - {"linux"}:
        yield error(
            "deploy-platform",
            target.at("platforms"),
            "the Puppet module deploys Linux servers only",
            "give this target platforms: [linux], or deploy it with chef",
        )


def _selection(inventory: Inventory, target: Target) -> Iterator[Finding]:
    names = set(inventory.packs)
    groups = set(inventory.groups)
    tags = {t for p in inventory.packs.values() for t in p.tags} | {
        t for p in inventory.packs.values() for q in p.queries.values() for t in q.tags
    }
    for i, selector in enumerate(target.select):
        pos = target.where.get(f"packs[{i}]", target.at("packs"))
        if any(selector_matches(selector, p) for p in inventory.packs.values()):
            continue
        if selector in inventory.unloaded or (
            inventory.unloaded and (selector.startswith(("group:", "tag:")))
        ):
            continue  # a pack file that did not load is reported where it is
        kind, _, value = selector.partition(":")
        choices = {"group": groups, "tag": tags}.get(kind, names)
        hint = suggest(value if kind in ("group", "tag") else selector, choices)
        yield error(
            "select-none",
            pos,
            f"'{selector}' selects no pack",
            hint or "use a pack name, group:NAME, tag:NAME or '*'",
        )
    if (
        inventory.packs
        and target.select
        and not any(f.severity is Severity.ERROR for f in inventory.findings)
        and not select(inventory, target)
    ):
        yield warning(
            "target-empty",
            target.at("packs"),
            f"target '{target.name}' gets no queries for its platforms",
        )


def _pack_mode(target: Target) -> Iterator[Finding]:
    if target.pack_mode not in ("inline", "external"):
        yield error(
            "pack-mode",
            target.at("pack_mode"),
            f"pack_mode '{target.pack_mode}' is not inline or external",
        )
        return
    if target.packs_dir is not None:
        # In inline mode too: the cookbook clears leftover pack files from it.
        yield from _packs_dir(target, target.packs_dir)
    if target.pack_mode != "external":
        return
    for plugin, platforms in _config_plugins(target):
        if plugin.value != "filesystem":
            on = f" on {', '.join(platforms)}" if platforms else ""
            yield error(
                "pack-mode",
                plugin.pos,
                "external packs are read from disk, but config_plugin is "
                f"'{plugin.value}'{on}: osquery would fail to load every pack",
                "use pack_mode: inline with this config plugin",
            )
    if target.packs_dir is None and len(target.platforms) > 1:
        yield error(
            "pack-mode",
            target.at("pack_mode"),
            "external packs need one packs_dir, but the default differs "
            "between this target's platforms",
            "set packs_dir, or use inline",
        )


def _config_plugins(target: Target) -> list[tuple[Setting, list[str]]]:
    """Each config_plugin setting in effect, with the platforms it applies to (none
    listed when it applies to all): platform_flags win over flags, flags over
    options, as the compiler merges them."""
    common = target.flags.get("config_plugin") or target.options.get("config_plugin")
    per_platform: list[tuple[Setting, list[str]]] = []
    common_platforms = []
    for platform in target.platforms:
        own = target.platform_flags.get(platform, {}).get("config_plugin")
        if own is not None:
            per_platform.append((own, [platform]))
        else:
            common_platforms.append(platform)
    if common is not None and (common_platforms or not target.platforms):
        narrowed = len(common_platforms) < len(target.platforms)
        per_platform.insert(0, (common, common_platforms if narrowed else []))
    return per_platform


def _packs_dir(target: Target, packs_dir: str) -> Iterator[Finding]:
    """The renderers delete what fleet does not manage in the packs directory, so
    it must be one of its own on every platform of the target."""
    for platform in target.platforms:
        if platform not in LAYOUTS:
            continue
        problem = packs_dir_problem(packs_dir, platform)
        if problem:
            yield error(
                "pack-mode",
                target.at("packs_dir"),
                f"packs_dir '{packs_dir}' {problem} (on {platform}); fleet deletes "
                "the files it does not manage there",
                f"give the packs a directory of their own, e.g. "
                f"{LAYOUTS[platform].packs_dir}",
            )
            return


def delimiter(inventory: Inventory, target: Target) -> str:
    """The pack delimiter osquery will use for this target."""
    option = target.options.get("pack_delimiter")
    return str(option.value) if option is not None else inventory.pack_delimiter


def _delimiter(inventory: Inventory, target: Target) -> Iterator[Finding]:
    option = target.options.get("pack_delimiter")
    if option is not None and str(option.value) != inventory.pack_delimiter:
        yield error(
            "setting-conflict",
            option.pos,
            f"options.pack_delimiter '{option.value}' differs from fleet.yml's "
            f"pack_delimiter '{inventory.pack_delimiter}'",
            "set it once, in fleet.yml (fleet compiles it into every target's options)",
        )


def _versions(inventory: Inventory, target: Target) -> Iterator[Finding]:
    floor = inventory.osquery_version
    pinned = target.deploy.package_version
    if floor and pinned and older(pinned, floor):
        yield error(
            "version-floor",
            target.deploy.package_pos or target.at("deploy"),
            f"target '{target.name}' pins osquery {pinned}, older than the inventory's "
            f"osquery_version {floor}",
            "raise deploy.package_version, or lower osquery_version",
        )


def _secrets(settings: list[Setting]) -> Iterator[Finding]:
    for setting in settings:
        if secret_setting(setting.name, setting.value):
            yield error(
                "setting-secret",
                setting.pos,
                f"'{setting.name}' holds what looks like a secret; it would be written "
                "into the compiled files, the cookbook and the module",
                "give secrets at deploy time: enroll_secret: true manages the enroll "
                "secret; point other *_path flags at files your deployment writes",
            )


def _layout_flags(target: Target) -> Iterator[Finding]:
    """Flags that would make osqueryd read something other than what fleet deploys."""
    every = [*target.flags.values()] + [
        s for flags in target.platform_flags.values() for s in flags.values()
    ]
    for setting in every:
        if setting.name == "flagfile":
            yield error(
                "flag-layout",
                setting.pos,
                "a nested flag file is neither deployed nor checked by fleet",
                "put its flags in flags (or platform_flags) instead",
            )
        elif setting.name == "config_path" and any(
            str(setting.value) != LAYOUTS[p].config_path
            for p in target.platforms
            if p in LAYOUTS
        ):
            yield error(
                "flag-layout",
                setting.pos,
                f"config_path '{setting.value}' points osqueryd away from the "
                "osquery.conf fleet deploys",
                "remove it: the cookbook and module deploy osquery.conf where osquery "
                "looks for it",
            )
        elif setting.name == "enroll_secret_path" and target.enroll_secret:
            yield error(
                "flag-layout",
                setting.pos,
                "enroll_secret_path is set by fleet when enroll_secret is true",
                "remove it, or set enroll_secret: false and manage the file yourself",
            )
        elif setting.name == "config_plugin" and str(setting.value) != "filesystem":
            yield warning(
                "flag-layout",
                setting.pos,
                f"osquery reads its configuration from the {setting.value} plugin, "
                "so the osquery.conf fleet deploys is not used",
                "use config_plugin: filesystem to run what the inventory compiles",
            )


def _settings(target: Target) -> Iterator[Finding]:
    for name, setting in sorted(target.options.items()):
        if name in target.flags:
            yield error(
                "setting-conflict",
                setting.pos,
                f"'{name}' is set both as an option and as a flag",
                "keep one: start-up flags in flags, run-time options in options",
            )
            continue
        yield from _known(setting, "option")
        known = osquery_flags.lookup(name)
        if known is not None and known.cli_only:
            yield warning(
                "option-cli-only",
                setting.pos,
                f"'{name}' is a start-up flag: osquery ignores it in the config's "
                "options",
                "move it under flags (fleet compiles it into the flag file meanwhile)",
            )
    for platform, flags in sorted(target.platform_flags.items()):
        if platform not in target.platforms:
            yield error(
                "platform-flags",
                target.at(f"platform_flags.{platform}"),
                f"platform_flags has '{platform}', which is not one of this target's "
                f"platforms ({', '.join(target.platforms)})",
            )
        for name, setting in sorted(flags.items()):
            if name in target.options:
                yield error(
                    "setting-conflict",
                    setting.pos,
                    f"'{name}' is set both as an option and as a flag",
                    "keep one: start-up flags in flags, run-time options in options",
                )
    every = [*target.flags.values()]
    every += [s for flags in target.platform_flags.values() for s in flags.values()]
    yield from _secrets([*target.options.values(), *every])
    for setting in sorted(every, key=lambda s: (s.pos.line, s.name)):
        yield from _known(setting, "flag")
        text = str(setting.value)
        if isinstance(setting.value, str) and text != text.strip():
            yield error(
                "flag-whitespace",
                setting.pos,
                f"flag '{setting.name}' value {text!r} has surrounding white space: "
                "osqueryd refuses to start on it",
                "remove the white space",
            )


def _known(setting: Setting, kind: str) -> Iterator[Finding]:
    name = setting.name
    if name.startswith("custom_"):
        return
    known = osquery_flags.lookup(name)
    if known is None:
        hint = suggest(name, list(osquery_flags.FLAGS)) or "check the spelling"
        if kind == "flag":
            # gflags rejects an undefined flag in the flag file: osqueryd exits.
            yield error(
                "flag-unknown",
                setting.pos,
                f"'{name}' is not an osquery flag: osqueryd exits at start-up on a "
                "flag it does not define",
                hint,
            )
        else:
            yield warning(
                "option-unknown",
                setting.pos,
                f"'{name}' is not an osquery flag: osquery ignores it",
                hint,
            )
        return
    if known.shell_only:
        yield warning(
            f"{kind}-unknown",
            setting.pos,
            f"'{name}' applies to osqueryi only, not to osqueryd",
        )
    if (
        known.type == "bool"
        and not isinstance(setting.value, bool)
        and str(setting.value).strip() not in ("true", "false")
    ):
        yield error(
            "flag-type",
            setting.pos,
            f"'{name}' takes true or false, not {setting.value!r}",
        )
    if known.type in ("int", "uint") and isinstance(setting.value, (bool, float)):
        yield error(
            "flag-type",
            setting.pos,
            f"'{name}' takes a whole number, not {setting.value!r}",
        )


def _decorators(target: Target) -> Iterator[Finding]:
    for seconds, pos in sorted(target.decorators.interval_pos.items()):
        if seconds == 0:
            yield error(
                "decorator-interval",
                pos,
                "decorator interval 0 would make osquery divide by zero",
                "use a positive multiple of 60",
            )
        elif seconds % 60:
            yield warning(
                "decorator-interval",
                pos,
                f"decorator interval {seconds} is not a multiple of 60: "
                "osquery skips it",
                f"use {max(60, seconds - seconds % 60)}",
            )


def _file_paths(target: Target) -> Iterator[Finding]:
    for category, globs in sorted(target.file_paths.items()):
        for i, glob in enumerate(globs):
            if "\\\\" in glob:
                yield warning(
                    "path-double-backslash",
                    target.at(f"file_paths.{category}[{i}]"),
                    f"file_paths '{category}' entry '{glob}' holds a doubled backslash",
                    "one backslash is one separator in YAML",
                )
    for key, categories in (
        ("exclude_paths", target.exclude_paths.keys()),
        ("file_accesses", target.file_accesses),
    ):
        for category in categories:
            if category not in target.file_paths:
                yield warning(
                    "path-category",
                    target.at(key),
                    f"{key} names category '{category}', which file_paths does not "
                    "define: osquery ignores it",
                )


def _collisions(inventory: Inventory, target: Target) -> Iterator[Finding]:
    owners: dict[str, list[tuple[str, Pos]]] = defaultdict(list)
    lowered: dict[str, list[str]] = defaultdict(list)
    work: dict[tuple[str, int | None], list[tuple[str, frozenset[str]]]] = defaultdict(
        list
    )
    for chosen in select(inventory, target):
        lowered[chosen.pack.name.lower()].append(chosen.pack.name)
        for query in chosen.queries:
            full = full_name(chosen.pack.name, query.name, delimiter(inventory, target))
            owners[full].append((f"{chosen.pack.name}/{query.name}", query.pos))
            runs_on = matches(chosen.pack.platform) & matches(query.platform)
            work[(query.sql.text, query.interval)].append(
                (f"{chosen.pack.name}/{query.name}", runs_on & set(target.platforms))
            )
    for full, sources in sorted(owners.items()):
        if len(sources) > 1:
            listed = ", ".join(f"{s} ({p.file}:{p.line})" for s, p in sources)
            for _source, pos in sources:
                yield error(
                    "name-collision",
                    pos,
                    f"in target '{target.name}', {listed} all log as '{full}'",
                    "rename one: they would share osquery's result state",
                    related=tuple(p for _, p in sources),
                )
    for variants in lowered.values():
        if len(variants) > 1:
            first = inventory.packs[variants[0]]
            yield error(
                "name-collision",
                first.pos,
                f"packs {', '.join(variants)} differ only in case: their files "
                "collide on case-insensitive file systems",
            )
    for (_sql, interval), copies in sorted(work.items(), key=lambda kv: kv[1]):
        # Copies for different platforms never run on the same host.
        both = [
            name
            for name, runs_on in copies
            if any(runs_on & other for n, other in copies if n != name)
        ]
        if len(both) > 1:
            first_pack, first_query = both[0].split("/", 1)
            yield info(
                "duplicate-query",
                inventory.packs[first_pack].queries[first_query].pos,
                f"in target '{target.name}', {', '.join(both)} run the same SQL "
                + (f"every {interval} s" if interval else "on the same schedule")
                + " on the same hosts",
                "keep one of them",
            )


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _size(compiled: CompiledTarget) -> Iterator[Finding]:
    target = compiled.target
    size = len(compiled.files["osquery.conf"])
    if size > MAX_CONFIG_BYTES:
        yield error(
            "config-size",
            target.pos,
            f"target '{target.name}' compiles to {size} bytes of osquery.conf; osquery "
            f"5.x refuses configs over {MAX_CONFIG_BYTES} bytes",
            "use pack_mode: external, or split the target",
        )
    if _depth(compiled.config) >= MAX_DEPTH:
        yield error(
            "config-depth",
            target.pos,
            f"target '{target.name}' nests {MAX_DEPTH} or more levels deep; "
            "osquery rejects the config",
        )
