"""Checks on targets: platforms, selection, settings and the compiled result."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from fleet.compile.config import CompiledTarget
from fleet.compile.select import select, selector_matches
from fleet.findings import Finding, Pos, error, info, warning
from fleet.load.yamldoc import suggest
from fleet.model import Inventory, Setting, Target
from fleet.osquery import flags as osquery_flags
from fleet.osquery.layout import LAYOUTS, PACKAGE_PACK_DIRS
from fleet.osquery.names import full_name
from fleet.osquery.platforms import ALL, matches
from fleet.render.naming import DEPLOY_NAME, PUPPET_RESERVED

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
            f"target name '{target.name}' must be lowercase letters, digits, "
            "'_' or '-'",
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
            f"'{deploy.name}' cannot name a cookbook or module",
            "use lowercase letters, digits and '_', starting with a letter",
        )
    if deploy.tool == "puppet" and not re.fullmatch(r"[a-z0-9]+", deploy.author):
        yield error(
            "deploy-name",
            deploy.pos.at(f"targets.{target.name}.deploy.author"),
            f"Puppet module author '{deploy.author}' must be lowercase letters "
            "and digits",
        )
    if deploy.tool in TOOLS and not deploy.package_version:
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
        kind, _, value = selector.partition(":")
        choices = {"group": groups, "tag": tags}.get(kind, names)
        hint = suggest(value if kind in ("group", "tag") else selector, choices)
        yield error(
            "select-none",
            pos,
            f"'{selector}' selects no pack",
            hint or "use a pack name, group:NAME, tag:NAME or '*'",
        )
    if inventory.packs and target.select and not select(inventory, target):
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
    if target.pack_mode != "external":
        if target.packs_dir is not None:
            yield warning(
                "pack-mode",
                target.at("packs_dir"),
                "packs_dir is only used with pack_mode: external",
            )
        return
    plugin = target.flags.get("config_plugin") or target.options.get("config_plugin")
    if plugin is not None and plugin.value != "filesystem":
        yield error(
            "pack-mode",
            plugin.pos,
            "external packs are read from disk, but config_plugin is "
            f"'{plugin.value}': "
            "osquery would fail to load every pack",
            "use pack_mode: inline with this config plugin",
        )
    windows = "windows" in target.platforms
    if target.packs_dir is None:
        if len(target.platforms) > 1:
            yield error(
                "pack-mode",
                target.at("pack_mode"),
                "external packs need one packs_dir, but the default differs "
                "between this target's platforms",
                "set packs_dir, or use inline",
            )
        return
    absolute = (
        re.match(r"[A-Za-z]:\\", target.packs_dir)
        if windows
        else target.packs_dir.startswith("/")
    )
    if not absolute or (windows and len(target.platforms) > 1):
        yield error(
            "pack-mode",
            target.at("packs_dir"),
            f"packs_dir '{target.packs_dir}' is not an absolute path for "
            + ", ".join(target.platforms),
            "one absolute path must serve every platform of the target",
        )
        return
    yield from _packs_dir_safety(target, target.packs_dir)


def _packs_dir_safety(target: Target, packs_dir: str) -> Iterator[Finding]:
    """The deployed packs directory is purged of files fleet does not manage: it
    must be a directory of its own, never the config directory or one above it."""
    windows = bool(re.match(r"[A-Za-z]:\\", packs_dir))
    separator = "\\" if windows else "/"
    # Windows paths compare without regard to case.
    fold = str.lower if windows else str
    trimmed = fold(packs_dir.rstrip(separator))
    depth = len([p for p in trimmed.split(separator) if p])
    for platform in target.platforms:
        layout = LAYOUTS.get(platform)
        if layout is None:
            continue
        holds_config = fold(layout.config_dir + layout.separator).startswith(
            trimmed + separator
        )
        protected = trimmed in {fold(d) for d in PACKAGE_PACK_DIRS}
        if depth < (3 if windows else 2) or holds_config or protected:
            yield error(
                "pack-mode",
                target.at("packs_dir"),
                f"packs_dir '{packs_dir}' is purged of files fleet does not manage, "
                "so it must not be a top-level directory, hold the osquery config "
                "directory, or be where osquery's package keeps its own packs",
                f"give the packs a directory of their own, e.g. "
                f"{layout.join('fleet-packs')}",
            )
            return


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
    for setting in sorted(every, key=lambda s: (s.pos.line, s.name)):
        yield from _known(setting, "flag")
        text = str(setting.value)
        if isinstance(setting.value, str) and (text != text.strip() or "\n" in text):
            yield error(
                "flag-whitespace",
                setting.pos,
                f"flag '{setting.name}' value {text!r} has surrounding white space "
                "or a line break: osqueryd refuses to start on it",
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
        for glob in globs:
            if "\\\\" in glob:
                yield warning(
                    "path-double-backslash",
                    target.at("file_paths"),
                    f"file_paths '{category}' entry {glob!r} holds a doubled backslash",
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
            full = full_name(chosen.pack.name, query.name, inventory.pack_delimiter)
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
                f"every {interval} s on the same hosts",
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
