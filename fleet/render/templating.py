"""Where templates come from, and rendering them with errors a user can act on.

The shipped templates live in ``templates/<tool>/``. ``--templates DIR`` overlays
``DIR/<tool>/`` on them file by file: a template there replaces the shipped one of the
same relative path, a new one adds a file, and every other file comes from the
shipped set. Both are read through one environment, so a team's templates and the
shipped ones get the same quoting filters.

A broken template (bad syntax, an undefined value, a filter that raises) becomes one
``FleetError`` naming the template file and line; nothing is written.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import jinja2

from fleet.errors import FleetError
from fleet.render import quoting

SUFFIX = ".j2"
LAYOUT = (
    "--templates DIR overlays DIR/chef/ on the cookbook templates and DIR/puppet/ on "
    "the module templates, laid out like fleet's own (DIR/puppet/manifests/init.pp.j2 "
    "replaces manifests/init.pp); files not given there come from fleet"
)


def shipped_root() -> Path:
    """The directory holding fleet's own ``chef/`` and ``puppet/`` templates."""
    # templates/ at the repository root; fleet/templates links to it, so the wheel
    # ships it as package data and a source checkout finds it the same way.
    shipped = Path(__file__).resolve().parents[1] / "templates"
    if not shipped.is_dir():
        raise FleetError("fleet's templates are missing from this installation")
    return shipped


def template_dirs(tool: str, custom: Path | None = None) -> tuple[Path, ...]:
    """The search path for ``tool``'s templates: the team's first, then fleet's."""
    shipped = shipped_root() / tool
    if custom is None:
        return (shipped,)
    if not custom.is_dir():
        raise FleetError(f"templates directory {custom} does not exist", LAYOUT)
    own = custom / tool
    if not own.is_dir():
        advice = (
            f"give its parent, --templates {custom.parent}"
            if custom.name == tool
            else f"create {own} (it may be empty)"
        )
        raise FleetError(
            f"templates directory {custom} has no {tool}/ subdirectory",
            f"{LAYOUT}; {advice}",
        )
    _refuse_non_templates(own)
    return (own, shipped)


def _refuse_non_templates(own: Path) -> None:
    """A file without the suffix would be ignored silently: refuse it instead."""
    for path in sorted(own.rglob("*")):
        parts = path.relative_to(own).parts
        if any(part.startswith(".") and not part.endswith(SUFFIX) for part in parts):
            continue  # .git, .DS_Store, .gitkeep
        if path.is_file() and path.suffix != SUFFIX:
            raise FleetError(
                f"{path} is not a template: template files end in {SUFFIX}",
                f"name it {path.name}{SUFFIX} to render {path.relative_to(own)}",
            )
        if path.is_file() and path.name[: -len(SUFFIX)] in ("", ".", ".."):
            raise FleetError(
                f"{path} is a template for no file: '{path.name[: -len(SUFFIX)]}' "
                "is not a file name",
                f"name it <file name>{SUFFIX}",
            )


def environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The Jinja2 environment every renderer uses: strict, no HTML escaping."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(quoting.FILTERS)
    return env


def template_names(env: jinja2.Environment) -> list[str]:
    """The templates that give files: the union over the search path, sorted.

    Partials (a name or directory starting with ``_``) are only imported.
    """
    return sorted(
        name
        for name in env.list_templates(extensions=[SUFFIX.lstrip(".")])
        if not any(part.startswith("_") for part in PurePosixPath(name).parts)
    )


def render_template(
    env: jinja2.Environment,
    dirs: tuple[Path, ...],
    name: str,
    values: Mapping[str, object],
    hint: str = "",
) -> str:
    """``name`` rendered with ``values``; any failure is one line naming file:line."""
    try:
        return env.get_template(name).render(values)
    except jinja2.TemplateSyntaxError as exc:
        where = _where(exc.filename or _source(dirs, name), exc.lineno)
        message = _one_line(exc.message or "")
        raise FleetError(f"{where}: template syntax error: {message}", hint) from None
    except UnicodeDecodeError:
        raise FleetError(f"{_source(dirs, name)}: template is not UTF-8 text") from None
    except Exception as exc:
        file, line = _failing_frame(exc, dirs) or (_source(dirs, name), None)
        kind = (
            "undefined value"
            if isinstance(exc, jinja2.UndefinedError)
            else f"template error: {type(exc).__name__}"
        )
        text = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
        raise FleetError(
            f"{_where(file, line)}: {kind}: {_one_line(text or '')}", hint
        ) from None


def _source(dirs: tuple[Path, ...], name: str) -> str:
    for directory in dirs:
        if (directory / name).is_file():
            return str(directory / name)
    return name


def _failing_frame(
    exc: BaseException, dirs: tuple[Path, ...]
) -> tuple[str, int | None] | None:
    """The innermost template line of the traceback (Jinja2 maps frames back to
    template files and lines)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(Path(frame.filename).is_relative_to(d) for d in dirs):
            return frame.filename, frame.lineno
    return None


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def _one_line(text: str) -> str:
    return " ".join(text.split())
