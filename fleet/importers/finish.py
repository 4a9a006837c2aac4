"""The last step of an import: drop what failed, name packs uniquely, merge settings.

A source file with an error finding contributes nothing, and neither does any pack
drawing on it. Pack names must be unique across the inventory: identical packs
(the same pack found twice) are imported once; packs of different groups sharing a
name get their group as a prefix; any clash left gets a number. Target settings
from several sources merge in source order, as osquery merges config sources, and
a value set differently twice is reported.
"""

from __future__ import annotations

from collections import defaultdict

from fleet.findings import Finding, Severity, info, warning
from fleet.importers.model import ImportResult, PackDraft, Setting, SettingsDraft
from fleet.importers.naming import sanitize, unique


def failed_files(findings: list[Finding]) -> set[str]:
    return {f.pos.file for f in findings if f.severity is Severity.ERROR}


def finish(
    packs: list[PackDraft], drafts: list[SettingsDraft], findings: list[Finding]
) -> ImportResult:
    failed = failed_files(findings)
    kept = [p for p in packs if not p.files & failed]
    result = ImportResult(findings=findings)
    result.packs = _unique_names(kept, findings)
    result.settings = _merge([d for d in drafts if d.file not in failed], findings)
    result.failed = sorted(failed)
    used = {f for p in kept for f in p.files}  # a twin's file is imported too
    used |= {d.file for d in drafts if d and d.file not in failed}
    result.imported = sorted(used)
    return result


def _unique_names(packs: list[PackDraft], findings: list[Finding]) -> list[PackDraft]:
    by_name: dict[str, list[PackDraft]] = defaultdict(list)
    for pack in packs:
        by_name[pack.name].append(pack)
    out: list[PackDraft] = []
    for pack in packs:
        same = by_name[pack.name]
        twin = next((p for p in same[: same.index(pack)] if p.same_content(pack)), None)
        if twin is not None:
            findings.append(
                info(
                    "import-duplicate-pack",
                    pack.pos,
                    f"pack `{pack.original}` is identical to the one imported from "
                    f"{twin.source}; imported once",
                )
            )
            continue
        out.append(pack)
    names: dict[str, PackDraft] = {}
    kept = {id(p) for p in out}
    clashing = {
        n
        for n, ps in by_name.items()
        if len({p.group for p in ps if id(p) in kept}) > 1
    }
    for pack in out:
        wanted = pack.name
        if wanted in clashing:
            wanted = sanitize(f"{pack.group}_{pack.name}", pack.name)
        final = unique(wanted, names)
        if final != pack.name:
            findings.append(
                warning(
                    "import-pack-renamed",
                    pack.pos,
                    f"pack `{pack.name}` is imported as `{final}`: other imported "
                    f"packs are named `{pack.name}` too",
                    f"its queries log as pack_{final}_<query>; rename it in the "
                    "inventory if another name suits better",
                )
            )
            pack.name = final
        names[final] = pack
    return out


def _merge(drafts: list[SettingsDraft], findings: list[Finding]) -> SettingsDraft:
    merged = SettingsDraft("")
    for draft in drafts:
        for kind, into, new in (
            ("option", merged.options, draft.options),
            ("flag", merged.flags, draft.flags),
        ):
            for name, setting in new.items():
                _set(kind, name, into, setting, findings)
        for key, value in draft.decorators.items():
            _extend_decorators(merged.decorators, key, value)
        for into_map, new_map in (
            (merged.file_paths, draft.file_paths),
            (merged.exclude_paths, draft.exclude_paths),
        ):
            for category, paths in new_map.items():
                current = into_map.setdefault(category, [])
                current += [p for p in paths if p not in current]
        merged.file_accesses += [
            c for c in draft.file_accesses if c not in merged.file_accesses
        ]
        for key, setting in draft.extra.items():
            _set_extra(key, merged.extra, setting, findings)
    return merged


def _set(
    kind: str,
    name: str,
    into: dict[str, Setting],
    setting: Setting,
    findings: list[Finding],
) -> None:
    old = into.get(name)
    if old is not None and old.value != setting.value:
        findings.append(
            warning(
                "import-setting-conflict",
                setting.pos,
                f"{kind} `{name}` is `{old.value}` in {old.pos.file}:{old.pos.line} "
                f"and `{setting.value}` here; the later value is imported",
                "one target holds one value; split the sources into targets if both "
                "are needed",
            )
        )
    into[name] = setting


def _set_extra(
    key: str, into: dict[str, Setting], setting: Setting, findings: list[Finding]
) -> None:
    old = into.get(key)
    if old is None or old.value == setting.value:
        into[key] = setting
        return
    if isinstance(old.value, dict) and isinstance(setting.value, dict):
        clash = sorted(
            k
            for k in setting.value
            if k in old.value and old.value[k] != setting.value[k]
        )
        if clash:
            findings.append(
                warning(
                    "import-setting-conflict",
                    setting.pos,
                    f"`{key}` sets {', '.join(clash)} differently in {old.pos.file} "
                    "and here; the later values are imported",
                )
            )
        into[key] = Setting({**old.value, **setting.value}, setting.pos)
        return
    findings.append(
        warning(
            "import-setting-conflict",
            setting.pos,
            f"`{key}` is set differently in {old.pos.file} and here; the later "
            "value is imported",
        )
    )
    into[key] = setting


def _extend_decorators(into: dict[str, object], key: str, value: object) -> None:
    if isinstance(value, dict):
        intervals = into.setdefault(key, {})
        assert isinstance(intervals, dict)
        for seconds, queries in value.items():
            current = intervals.setdefault(seconds, [])
            current += [q for q in queries if q not in current]
    elif isinstance(value, list):
        current = into.setdefault(key, [])
        assert isinstance(current, list)
        current += [q for q in value if q not in current]
