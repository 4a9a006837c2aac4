"""Report formats, one module each, behind one small protocol and a registry.

| format | for | module |
| --- | --- | --- |
| ``text`` | people: a rich table per host | ``report.text`` |
| ``json`` | pipelines: schema ``fleet-drift/1`` | ``report.json`` |
| ``markdown`` | auditors: commit, digests, results, totals | ``report.markdown`` |
| ``junit`` | CI: one testcase per host, a failure per finding | ``report.junit`` |
"""

from __future__ import annotations

from typing import Protocol

from fleet.drift.report.json import JsonFormat
from fleet.drift.report.junit import JunitFormat
from fleet.drift.report.markdown import MarkdownFormat
from fleet.drift.report.model import DriftReport, ReportMeta, build_meta
from fleet.drift.report.text import TextFormat


class Format(Protocol):
    name: str

    def render(self, report: DriftReport) -> str:
        """The whole report as text."""
        ...

    def written_by(self, head: str, tail: str) -> bool:
        """Whether a file starting with ``head`` and ending with ``tail`` (a few
        KiB of each) is a report in this format, which --output may replace."""
        ...


FORMATS: dict[str, Format] = {
    f.name: f for f in (TextFormat(), JsonFormat(), MarkdownFormat(), JunitFormat())
}

__all__ = ["FORMATS", "DriftReport", "Format", "ReportMeta", "build_meta"]
