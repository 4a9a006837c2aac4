"""JUnit XML for CI: one testcase per host, one ``<failure>`` per drift finding.

A host that could not be read, or not completely, is an ``<error>`` (``type``
``unreadable`` or ``incomplete``; the drift found in the rest is still reported as
``<failure>``s); notes go to ``<system-out>``. The suite's ``failures`` and
``errors`` count hosts, as CI dashboards count testcases. Properties carry the tool
version, the inventory commit and digest.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fleet.drift.report.model import DriftReport, commit_text, read_from, shown

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
SUITES = '<testsuites name="fleet drift" '


def _testcase(report: DriftReport, suite: ET.Element, index: int) -> None:
    result = report.results[index]
    case = ET.SubElement(
        suite,
        "testcase",
        classname=f"drift.{result.host.target or 'unknown'}",
        name=result.host.name,
        time=f"{report.seconds(result):.3f}",
    )
    if result.problem:
        kind = "unreadable" if result.error else "incomplete"
        ET.SubElement(
            case, "error", type=kind, message=result.problem
        ).text = f"{read_from(result)}: {result.problem}"
        if result.error:
            return
    notes = []
    for f in result.findings:
        if f.is_note:
            notes.append(f"{f.code}: {f.message}")
            continue
        if not f.is_drift:
            continue  # a part not read: in the <error> above
        failure = ET.SubElement(case, "failure", type=f.code, message=f.message)
        detail = [f"object: {f.subject}"]
        if f.file:
            detail.append(f"file: {f.file}" + (f" {f.pointer}" if f.pointer else ""))
        if f.hint:
            detail.append(f"hint: {f.hint}")
        failure.text = "\n".join(detail)
    if notes:
        ET.SubElement(case, "system-out").text = "\n".join(notes)


class JunitFormat:
    name = "junit"

    def written_by(self, head: str, tail: str) -> bool:
        return head.startswith(XML_DECLARATION + SUITES)

    def render(self, report: DriftReport) -> str:
        totals = report.totals
        seconds = f"{sum(report.seconds(r) for r in report.results):.3f}"
        counts = {
            "tests": str(totals["hosts"]),
            "failures": str(totals["drift"]),
            "errors": str(totals["error"]),
            "time": seconds,
        }
        root = ET.Element("testsuites", {"name": "fleet drift", **counts})
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": "fleet drift",
                **counts,
                "skipped": "0",
                "timestamp": report.meta.generated_at,
            },
        )
        props = ET.SubElement(suite, "properties")
        for name, value in (
            ("fleet.version", report.meta.tool_version),
            ("inventory.version", report.meta.inventory_version),
            ("inventory.commit", commit_text(report.meta)),
            ("inventory.digest", report.meta.digest),
        ):
            ET.SubElement(props, "property", name=name, value=value)
        for index in range(len(report.results)):
            _testcase(report, suite, index)
        ET.indent(root, space="  ")
        body = xml_chars(shown(ET.tostring(root, encoding="unicode")))
        return XML_DECLARATION + body + "\n"


def xml_chars(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids shown as escapes.

    ``shown`` has escaped the controls and lone surrogates; the noncharacters
    U+FFFE and U+FFFF are left.
    """
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
