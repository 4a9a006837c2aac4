"""Facts about osquery's tables that its published schema JSON leaves out.

Sources: the 5.23.1 table specs (``specs/**/*.table``), read as described in the
reference notes, section 9. Aliases are registered by osquery itself, so a query
may use them although no schema file lists them.
"""

from __future__ import annotations

# Table aliases: osquery creates each as ``CREATE VIEW alias AS SELECT * FROM table``.
TABLE_ALIASES: dict[str, str] = {
    "alf_services": "sharing_preferences",
    "cb_info": "carbon_black_info",
    "configurations": "augeas",
    "hosts": "etc_hosts",
    "hvci_status": "deviceguard_status",
    "packages": "package_receipts",
    "programs_and_features": "programs",
    "syslog": "syslog_events",
    "yara": "yara_file",
}

# Column aliases: osquery adds each as a HIDDEN column that reads its target.
COLUMN_ALIASES: dict[str, dict[str, str]] = {
    "chrome_extensions": {"locale": "default_locale"},
    "disk_events": {"bsd_name": "device"},
    "osquery_schedule": {"blacklisted": "denylisted"},
    "process_events": {
        "environment": "env",
        "environment_count": "env_count",
        "environment_size": "env_size",
        "access_time": "atime",
        "modify_time": "mtime",
        "change_time": "ctime",
        "create_time": "btime",
    },
    "time": {"date_time": "datetime"},
}

# Tables with the ``user_data`` attribute: without a constraint on one of
# USER_COLUMNS they return only the rows of the user osquery runs as.
USER_DATA_TABLES: frozenset[str] = frozenset(
    {
        "authorized_keys",
        "browser_plugins",
        "chrome_extension_content_scripts",
        "chrome_extensions",
        "crashes",
        "firefox_addons",
        "jetbrains_plugins",
        "known_hosts",
        "preferences",
        "python_packages",
        "recent_files",
        "safari_extensions",
        "shell_history",
        "ssh_configs",
        "user_ssh_keys",
        "vscode_extensions",
    }
)
USER_COLUMNS: tuple[str, ...] = ("uid", "username")
