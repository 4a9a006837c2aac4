"""Codes of loading: YAML, files, keys, types and YAML 1.1 surprises."""

from __future__ import annotations

from fleet.codes.check import Check, E, Q, W

CHECKS: tuple[Check, ...] = (
    Check(
        "yaml-syntax",
        E,
        "The file is not valid YAML; the position is where the parser stopped.",
        "query",
        "query: SELECT name FROM users WHERE shell = 'a: b' AND 1\ninterval: [60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 51),
    ),
    Check(
        "duplicate-key",
        E,
        "A key appears twice in one mapping; YAML would keep one "
        "silently. Both places are named.",
        "query",
        Q + "interval: 60\ninterval: 300\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 5, 5),
    ),
    Check(
        "unknown-key",
        E,
        "A key the format does not know, usually a typo, with a 'did you mean'.",
        "query",
        Q + "interval: 60\nsnapshto: true\n",
        Q + "interval: 60\nsnapshot: true\n",
        at=("packs/g/p.yml", 5, 5),
    ),
    Check(
        "missing-key",
        E,
        "A required key is absent (a query without 'query', a "
        "target without 'platforms').",
        "query",
        "interval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 2, 3),
    ),
    Check(
        "type",
        E,
        "A value has the wrong type (a list where a number belongs).",
        "query",
        Q + "interval: [60]\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 4, 15),
    ),
    Check(
        "empty",
        E,
        "A value that must hold text is empty.",
        "query",
        "query: ''\ninterval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "control-character",
        E,
        "Text holding control characters (NUL, ESC) or Unicode text-direction "
        "controls (U+202E) that hide what it says; in a flag or option (name or "
        "value), a tab or line break too: it would start another flag. So too in "
        "a path (file_paths, exclude_paths, file_accesses, packs_dir) and in a "
        "double-quoted pass-through value other than SQL, where YAML reads "
        '"C:\\temp" as C:<TAB>emp: write Windows paths in single quotes.',
        "query",
        Q + 'interval: 60\ndescription: "Finds \\e[8mhidden text"\n',
        Q + "interval: 60\ndescription: Finds hidden text\n",
        at=("packs/g/p.yml", 5, 18),
    ),
    Check(
        "yaml11-type",
        E,
        "A plain word YAML 1.1 turns into another type: "
        "'platform: no' is the boolean false.",
        "query",
        Q + "interval: 60\ndescription: yes\n",
        Q + "interval: 60\ndescription: 'yes'\n",
        at=("packs/g/p.yml", 5, 18),
    ),
    Check(
        "yaml11-number",
        E,
        "A number YAML 1.1 reads differently than it looks: 010 "
        "is octal 8, 1:30 is 90, 1_000 is 1000 (text in YAML 1.2).",
        "query",
        Q + "interval: 010\n",
        Q + "interval: 10\n",
        at=("packs/g/p.yml", 4, 15),
    ),
    Check(
        "yaml11-boolean",
        W,
        "yes/no/on/off are booleans in YAML 1.1 only; other tools read them as text.",
        "query",
        Q + "interval: 60\nsnapshot: yes\n",
        Q + "interval: 60\nsnapshot: true\n",
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "number-string",
        W,
        "A number written as a string; compiled as the number.",
        "query",
        Q + "interval: '3600'\n",
        Q + "interval: 3600\n",
        at=("packs/g/p.yml", 4, 15),
    ),
    Check(
        "bool-string",
        W,
        "A boolean written as a string; compiled as the boolean.",
        "query",
        Q + "interval: 60\nsnapshot: 'true'\n",
        Q + "interval: 60\nsnapshot: true\n",
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "version-number",
        E,
        "A version YAML reads as a number: 5.10 becomes 5.1.",
        "query",
        Q + "interval: 60\nversion: 5.10\n",
        Q + "interval: 60\nversion: '5.10'\n",
        at=("packs/g/p.yml", 5, 14),
    ),
    Check(
        "version-format",
        E,
        "A version that is not dotted numbers.",
        "query",
        Q + "interval: 60\nversion: 'v5'\n",
        Q + "interval: 60\nversion: '5.0.0'\n",
        at=("packs/g/p.yml", 5, 14),
    ),
    Check(
        "yaml-comment-cut",
        W,
        "' #' in an unquoted SQL value starts a YAML comment: "
        "the rest of the line is not part of the query.",
        "query",
        "query: SELECT pid FROM processes WHERE name = 'a' #b'\ninterval: 60\n",
        "query: \"SELECT pid FROM processes WHERE name = 'a #b'\"\ninterval: 60\n",
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "yaml-merge",
        E,
        "YAML merge keys ('<<') hide values from review.",
        "pack",
        "queries:\n  a: &x {query: SELECT 1, interval: 60}\n  b:\n    <<: *x\n",
        "queries:\n  a: {query: SELECT 1, interval: 60}\n",
        at=("packs/g/p.yml", 4, 5),
    ),
    Check(
        "unreadable",
        E,
        "A file that cannot be read (permissions), or a dangling link.",
        "files",
        "",
        "",
    ),
    Check(
        "encoding",
        E,
        "A file that is not UTF-8; the finding points at the first bad byte.",
        "files",
        "",
        "",
    ),
    Check(
        "missing-packs",
        E,
        "There is no packs/ directory beside fleet.yml.",
        "files",
        "",
        "",
    ),
    Check(
        "pack-location",
        E,
        "A pack file outside packs/<group>/, or a file or directory that links "
        "outside the inventory or back into itself (not read).",
        "files",
        "--- packs/loose.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n",
        "--- packs/g/loose.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n",
        at=("packs/loose.yml", 1, 1),
    ),
    Check(
        "pack-duplicate",
        E,
        "Two groups hold a pack file of the same name; pack names are unique.",
        "files",
        "--- packs/a/web.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n"
        "--- packs/b/web.yml\nqueries:\n  r: {query: SELECT 2, interval: 60}\n",
        "--- packs/a/web.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n"
        "--- packs/b/web_db.yml\nqueries:\n  r: {query: SELECT 2, interval: 60}\n",
        at=("packs/b/web.yml", 1, 1),
    ),
    Check(
        "yaml-alias",
        E,
        "YAML aliases that expand to more than 100,000 values (a 'billion laughs' "
        "document): refused before anything reads it.",
        "pack",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: [*e, *e]\nqueries: {}\n",
        "queries:\n  q:\n    " + Q + "    interval: 60\n",
        at=("packs/g/p.yml", 5, 4),
    ),
)
