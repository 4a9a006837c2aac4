"""osquery's platform strings, matched the way osquery matches them.

osquery's ``checkPlatform`` looks for substrings: anything containing ``any`` or
``all`` matches every host, ``posix`` matches Linux and macOS, ``linux`` (or the
distro names ``ubuntu`` and ``centos``) matches Linux, and otherwise the string must
contain the build platform (``darwin``, ``linux``, ``windows``). Everything else,
``macos`` included, silently matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL = frozenset({"darwin", "linux", "windows"})
VALID = ("darwin", "linux", "windows", "posix", "all", "any")
DISTROS = frozenset(
    {
        "ubuntu",
        "centos",
        "debian",
        "redhat",
        "rhel",
        "fedora",
        "gentoo",
        "amazon",
        "suse",
        "opensuse",
        "arch",
        "alpine",
        "oracle",
        "rocky",
        "almalinux",
    }
)
_SUGGEST = {
    "macos": "darwin",
    "osx": "darwin",
    "mac": "darwin",
    "apple": "darwin",
    "os x": "darwin",
    "macosx": "darwin",
    "win": "windows",
    "win32": "windows",
    "win64": "windows",
    "microsoft": "windows",
    "unix": "posix",
    "nix": "posix",
    "everything": "all",
}


def matches(platform: str | None) -> frozenset[str]:
    """The build platforms on which osquery runs something with this platform."""
    if platform is None or platform in ("", "null"):
        return ALL
    if "any" in platform or "all" in platform:
        return ALL
    hit: set[str] = set()
    if any(word in platform for word in ("linux", "ubuntu", "centos")):
        hit.add("linux")
    if "posix" in platform:
        hit.update(("linux", "darwin"))
    for build in ("darwin", "windows"):
        if build in platform:
            hit.add(build)
    return frozenset(hit)


@dataclass(frozen=True, slots=True)
class PlatformProblem:
    code: str
    severity: str  # error | warning
    token: str
    message: str
    hint: str


def normalise(platform: str) -> str:
    """Compile form: comma-separated, no spaces, order kept, duplicates dropped."""
    tokens = [t.strip() for t in platform.split(",") if t.strip()]
    return ",".join(dict.fromkeys(tokens))


def problems(platform: str) -> list[PlatformProblem]:
    """Why a platform string does not mean what its author expects."""
    out: list[PlatformProblem] = []
    tokens = [t.strip() for t in platform.split(",")]
    if any(not t for t in tokens):
        out.append(
            PlatformProblem(
                "platform-unknown",
                "error",
                platform,
                f"platform '{platform}' has an empty entry",
                "list platforms as 'darwin,linux'",
            )
        )
    for token in filter(None, tokens):
        if token in VALID:
            continue
        low = token.lower()
        if low in VALID:
            out.append(
                PlatformProblem(
                    "platform-unknown",
                    "error",
                    token,
                    f"platform '{token}' never matches: osquery compares platforms "
                    "case-sensitively",
                    f"did you mean '{low}'?",
                )
            )
        elif low in DISTROS:
            out.append(
                PlatformProblem(
                    "platform-distro",
                    "warning",
                    token,
                    f"platform '{token}' does not narrow to that distribution: osquery "
                    + (
                        "treats it as any Linux"
                        if low in ("ubuntu", "centos")
                        else "never matches it"
                    ),
                    "use 'linux' and a discovery query on os_version",
                )
            )
        elif low == "freebsd":
            out.append(
                PlatformProblem(
                    "platform-unknown",
                    "warning",
                    token,
                    "platform 'freebsd' matches nothing: osquery no longer builds "
                    "for FreeBSD",
                    "remove it",
                )
            )
        elif "all" in low or "any" in low:
            out.append(
                PlatformProblem(
                    "platform-unknown",
                    "error",
                    token,
                    f"platform '{token}' contains 'all' or 'any', so osquery runs "
                    "it on "
                    "every platform",
                    "write 'all' if that is meant",
                )
            )
        else:
            hint = _SUGGEST.get(low)
            out.append(
                PlatformProblem(
                    "platform-unknown",
                    "error",
                    token,
                    f"unknown platform '{token}': osquery silently never matches it",
                    f"did you mean '{hint}'?"
                    if hint
                    else "use darwin, linux, windows, posix or all",
                )
            )
    return out
