"""The drift rules, one module per concern, all on top of ``fleet.compare``.

``check_host`` runs every rule over what one host holds and returns the findings
in a stable order (drift before notes, then by file and pointer).
"""

from __future__ import annotations

from fleet.drift.desired import Desired
from fleet.drift.model import Deployed, DriftFinding
from fleet.drift.plan import ReadPlan
from fleet.drift.rules.config import check_config
from fleet.drift.rules.files import check_files
from fleet.drift.rules.flags import check_flags
from fleet.drift.rules.unread import check_unread
from fleet.drift.rules.view import check_view


def check_host(
    desired: Desired, plan: ReadPlan, deployed: Deployed
) -> list[DriftFinding]:
    findings: list[DriftFinding] = []
    if deployed.files_read:
        findings.extend(check_files(plan, deployed))
        findings.extend(check_config(desired, plan, deployed))
        findings.extend(check_flags(desired, plan, deployed))
    config_changed = any(f.file == plan.files[0].path and f.is_drift for f in findings)
    findings.extend(check_view(desired, plan, deployed, config_changed))
    findings.extend(check_unread(deployed))
    return sorted(findings, key=lambda f: f.sort_key)


__all__ = ["check_host"]
