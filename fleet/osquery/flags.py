"""Facts about osquery 5.x command-line flags and config options.

``FLAGS`` maps every flag name osquery 5.x registers (plus the few gflags/glog
flags it relies on) to its value type and to where it may be set. A validator
uses it to tell an unknown ``options`` key from a known one, and a key osquery
will ignore in a config (a CLI-only flag) from one it applies.

Where the facts come from: osquery's own C++ source (osquery/osquery), read
flag macro by flag macro: ``FLAG``/``HIDDEN_FLAG`` (settable from a config's
``options``), ``CLI_FLAG`` (command line or flagfile only), ``SHELL_FLAG``
(osqueryi only), ``EXTENSION_FLAG_ALIAS``/``FLAG_ALIAS`` (other names for a
flag), and ``Flag::isCLIOnlyFlag``/``OptionsConfigParserPlugin::update`` for
how options are applied. Files read include osquery/core/{init,flags,system,
watcher,query}.cpp, osquery/core/{flags,flagalias}.h,
osquery/config/{config,packs}.cpp, osquery/database/database.cpp,
osquery/distributed/distributed.cpp, osquery/dispatcher/{scheduler,
distributed_runner,dispatcher}.cpp, osquery/events/**, osquery/logger/logger.cpp,
osquery/extensions/{extensions,impl_thrift}.cpp, osquery/remote/transports/tls.cpp,
osquery/remote/enroll/enroll.cpp, osquery/carver/carver.cpp,
osquery/sql/{sqlite_util,virtual_table}.cpp, osquery/main/main.cpp,
osquery/devtools/shell.cpp, osquery/tables/** and plugins/** (config, logger,
distributed, remote, database, numeric_monitoring). Most of the core files were
read at commit f80ac2b181d6956aa014514b7995218540671d86 (flags.cpp at
795badeebe120ac561a2940d15c5db17e08b753c); the rest at the newest revision in
the source index searched, which for a few files predates 5.12. Flags added
after those revisions (e.g. ``logger_tls_backoff_max`` 5.12,
``yara_sigurl_authenticate`` 5.14) and the CLI/config split of every flag shown
by ``--help`` were cross-checked against ``osqueryd --help`` listings of 5.x
releases and the osquery CHANGELOG (through 5.16).

What ``cli_only`` means: osquery (since 5.4.0) refuses, with a warning, to apply
a ``CLI_FLAG`` found in a config's ``options``. ``cli_only`` is also True for
the gflags/glog flags listed here (``flagfile``, ``v``, ``minloglevel``,
``log_dir`` ...): osquery accepts their names in ``options`` but never applies
the value, because it only updates flags it registered itself. ``logtostderr``
and ``stderrthreshold`` are glog flags osquery registers as CLI-only.
Aliases are *not* CLI-only even when their target is: osquery's CLI-only check
only looks at registered flag names, so e.g. ``config_tls_refresh`` in
``options`` does update ``config_refresh``. Use ``FLAGS[f.alias_of]`` to see the
target. Any option named ``custom_*`` is accepted and stored as a string;
``lookup`` returns a synthetic entry for such names.

Limits:
- One table for all platforms: Linux-, macOS- and Windows-only flags are all
  present (a flag unknown to the running platform is "unknown" to osquery there).
- It is the union over 5.x: a few flags later renamed or deprecated are kept
  (``table_exceptions``, ``worker_threads``); CLI-only enforcement only exists
  from 5.4.0 on.
- Hidden flags (``HIDDEN_FLAG``) are included; debug-build-only flags
  (``tls_allow_unsafe``), unit-test flags and most glog/gflags internals
  (``vmodule``, ``fromenv``, ...) are not.
- Types are the gflags value types collapsed to bool/int/uint/string/double;
  defaults and descriptions are not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Flag:
    """One osquery flag, option or alias."""

    name: str
    type: str  # "bool" | "int" | "uint" | "string" | "double"
    cli_only: bool  # True for CLI_FLAG (ignored in config options)
    shell_only: bool = False  # SHELL_FLAG: osqueryi only
    alias_of: str | None = None  # for FLAG_ALIAS entries


# Prefix of option names osquery accepts without a registered flag.
CUSTOM_PREFIX = "custom_"

FLAGS: dict[str, Flag] = {
    "A": Flag("A", "string", cli_only=False, shell_only=True),
    "D": Flag("D", "bool", cli_only=True),
    "L": Flag("L", "bool", cli_only=False, shell_only=True),
    "S": Flag("S", "bool", cli_only=True),
    "alarm_timeout": Flag("alarm_timeout", "uint", cli_only=True),
    # hidden
    "allow_unsafe": Flag("allow_unsafe", "bool", cli_only=False),
    # glog: not applied from options
    "alsologtostderr": Flag("alsologtostderr", "bool", cli_only=True),
    # Linux
    "audit_allow_accept_socket_events": Flag(
        "audit_allow_accept_socket_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_apparmor_events": Flag(
        "audit_allow_apparmor_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_config": Flag("audit_allow_config", "bool", cli_only=False),
    # Linux
    "audit_allow_failed_socket_events": Flag(
        "audit_allow_failed_socket_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_fim_events": Flag("audit_allow_fim_events", "bool", cli_only=False),
    # Linux
    "audit_allow_fork_process_events": Flag(
        "audit_allow_fork_process_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_kill_process_events": Flag(
        "audit_allow_kill_process_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_null_accept_socket_events": Flag(
        "audit_allow_null_accept_socket_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_process_events": Flag(
        "audit_allow_process_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_seccomp_events": Flag(
        "audit_allow_seccomp_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_selinux_events": Flag(
        "audit_allow_selinux_events", "bool", cli_only=False
    ),
    # Linux
    "audit_allow_sockets": Flag("audit_allow_sockets", "bool", cli_only=False),
    # Linux, hidden
    "audit_allow_unix": Flag("audit_allow_unix", "bool", cli_only=False),
    # Linux
    "audit_allow_user_events": Flag("audit_allow_user_events", "bool", cli_only=False),
    # Linux
    "audit_backlog_limit": Flag("audit_backlog_limit", "int", cli_only=False),
    # Linux
    "audit_backlog_wait_time": Flag("audit_backlog_wait_time", "int", cli_only=False),
    # Linux, hidden
    "audit_debug": Flag("audit_debug", "bool", cli_only=False),
    # Linux, hidden
    "audit_fim_debug": Flag("audit_fim_debug", "bool", cli_only=False),
    # Linux, hidden
    "audit_fim_show_accesses": Flag("audit_fim_show_accesses", "bool", cli_only=False),
    # Linux
    "audit_force_reconfigure": Flag("audit_force_reconfigure", "bool", cli_only=False),
    # Linux
    "audit_force_unconfigure": Flag("audit_force_unconfigure", "bool", cli_only=False),
    # Linux
    "audit_persist": Flag("audit_persist", "bool", cli_only=False),
    # Linux, hidden
    "audit_show_partial_fim_events": Flag(
        "audit_show_partial_fim_events", "bool", cli_only=False
    ),
    # Linux, hidden
    "audit_show_untracked_res_warnings": Flag(
        "audit_show_untracked_res_warnings", "bool", cli_only=False
    ),
    # POSIX
    "augeas_lenses": Flag("augeas_lenses", "string", cli_only=False),
    "aws_access_key_id": Flag("aws_access_key_id", "string", cli_only=False),
    "aws_debug": Flag("aws_debug", "bool", cli_only=False),
    "aws_disable_imdsv1_fallback": Flag(
        "aws_disable_imdsv1_fallback", "bool", cli_only=False
    ),
    "aws_enable_proxy": Flag("aws_enable_proxy", "bool", cli_only=False),
    # 5.10.2+
    "aws_enforce_fips": Flag("aws_enforce_fips", "bool", cli_only=True),
    "aws_firehose_endpoint": Flag("aws_firehose_endpoint", "string", cli_only=False),
    "aws_firehose_period": Flag("aws_firehose_period", "uint", cli_only=False),
    "aws_firehose_region": Flag("aws_firehose_region", "string", cli_only=False),
    "aws_firehose_stream": Flag("aws_firehose_stream", "string", cli_only=False),
    "aws_imdsv2_request_attempts": Flag(
        "aws_imdsv2_request_attempts", "uint", cli_only=False
    ),
    "aws_imdsv2_request_interval": Flag(
        "aws_imdsv2_request_interval", "uint", cli_only=False
    ),
    "aws_kinesis_disable_log_status": Flag(
        "aws_kinesis_disable_log_status", "bool", cli_only=False
    ),
    "aws_kinesis_endpoint": Flag("aws_kinesis_endpoint", "string", cli_only=False),
    "aws_kinesis_period": Flag("aws_kinesis_period", "uint", cli_only=False),
    "aws_kinesis_random_partition_key": Flag(
        "aws_kinesis_random_partition_key", "bool", cli_only=False
    ),
    "aws_kinesis_region": Flag("aws_kinesis_region", "string", cli_only=False),
    "aws_kinesis_stream": Flag("aws_kinesis_stream", "string", cli_only=False),
    "aws_profile_name": Flag("aws_profile_name", "string", cli_only=False),
    "aws_proxy_host": Flag("aws_proxy_host", "string", cli_only=False),
    "aws_proxy_password": Flag("aws_proxy_password", "string", cli_only=False),
    "aws_proxy_port": Flag("aws_proxy_port", "uint", cli_only=False),
    "aws_proxy_scheme": Flag("aws_proxy_scheme", "string", cli_only=False),
    "aws_proxy_username": Flag("aws_proxy_username", "string", cli_only=False),
    "aws_region": Flag("aws_region", "string", cli_only=False),
    "aws_secret_access_key": Flag("aws_secret_access_key", "string", cli_only=False),
    "aws_session_token": Flag("aws_session_token", "string", cli_only=False),
    "aws_sts_arn_role": Flag("aws_sts_arn_role", "string", cli_only=False),
    "aws_sts_region": Flag("aws_sts_region", "string", cli_only=False),
    "aws_sts_session_name": Flag("aws_sts_session_name", "string", cli_only=False),
    "aws_sts_timeout": Flag("aws_sts_timeout", "uint", cli_only=False),
    # Linux
    "bpf_buffer_storage_size": Flag("bpf_buffer_storage_size", "uint", cli_only=False),
    # Linux
    "bpf_perf_event_array_exp": Flag(
        "bpf_perf_event_array_exp", "uint", cli_only=False
    ),
    # Linux, hidden
    "bpf_state_tracker_reset_time": Flag(
        "bpf_state_tracker_reset_time", "uint", cli_only=False
    ),
    "buffered_log_max": Flag("buffered_log_max", "uint", cli_only=False),
    "carver_block_size": Flag("carver_block_size", "uint", cli_only=True),
    "carver_compression": Flag("carver_compression", "bool", cli_only=True),
    "carver_continue_endpoint": Flag(
        "carver_continue_endpoint", "string", cli_only=True
    ),
    "carver_disable_function": Flag("carver_disable_function", "bool", cli_only=True),
    "carver_expiry": Flag("carver_expiry", "uint", cli_only=True),
    "carver_start_endpoint": Flag("carver_start_endpoint", "string", cli_only=True),
    "config_accelerated_refresh": Flag(
        "config_accelerated_refresh", "uint", cli_only=True
    ),
    "config_check": Flag("config_check", "bool", cli_only=True),
    "config_dump": Flag("config_dump", "bool", cli_only=True),
    "config_enable_backup": Flag("config_enable_backup", "bool", cli_only=True),
    "config_path": Flag("config_path", "string", cli_only=True),
    "config_plugin": Flag("config_plugin", "string", cli_only=True),
    "config_refresh": Flag("config_refresh", "uint", cli_only=True),
    "config_tls_accelerated_refresh": Flag(
        "config_tls_accelerated_refresh",
        "uint",
        cli_only=False,
        alias_of="config_accelerated_refresh",
    ),
    "config_tls_endpoint": Flag("config_tls_endpoint", "string", cli_only=True),
    "config_tls_max_attempts": Flag("config_tls_max_attempts", "uint", cli_only=True),
    "config_tls_refresh": Flag(
        "config_tls_refresh", "uint", cli_only=False, alias_of="config_refresh"
    ),
    "connect": Flag("connect", "string", cli_only=False, shell_only=True),
    "csv": Flag("csv", "bool", cli_only=False, shell_only=True),
    "daemonize": Flag("daemonize", "bool", cli_only=True),
    "database_dump": Flag("database_dump", "bool", cli_only=True),
    "database_path": Flag("database_path", "string", cli_only=True),
    "db_path": Flag("db_path", "string", cli_only=False, alias_of="database_path"),
    "decorations_top_level": Flag("decorations_top_level", "bool", cli_only=False),
    # Linux audit and macOS OpenBSM
    "disable_audit": Flag("disable_audit", "bool", cli_only=False),
    "disable_caching": Flag("disable_caching", "bool", cli_only=False),
    "disable_carver": Flag("disable_carver", "bool", cli_only=True),
    "disable_database": Flag("disable_database", "bool", cli_only=False),
    "disable_decorators": Flag("disable_decorators", "bool", cli_only=False),
    "disable_distributed": Flag("disable_distributed", "bool", cli_only=False),
    # macOS
    "disable_endpointsecurity": Flag(
        "disable_endpointsecurity", "bool", cli_only=False
    ),
    # macOS
    "disable_endpointsecurity_fim": Flag(
        "disable_endpointsecurity_fim", "bool", cli_only=False
    ),
    "disable_enrollment": Flag("disable_enrollment", "bool", cli_only=True),
    "disable_events": Flag("disable_events", "bool", cli_only=False),
    "disable_extensions": Flag("disable_extensions", "bool", cli_only=True),
    "disable_hash_cache": Flag("disable_hash_cache", "bool", cli_only=False),
    "disable_logging": Flag("disable_logging", "bool", cli_only=False),
    # Linux
    "disable_memory": Flag("disable_memory", "bool", cli_only=False),
    "disable_reenrollment": Flag("disable_reenrollment", "bool", cli_only=True),
    "disable_tables": Flag("disable_tables", "string", cli_only=True),
    "disable_watchdog": Flag("disable_watchdog", "bool", cli_only=True),
    "distributed_denylist_duration": Flag(
        "distributed_denylist_duration", "uint", cli_only=False
    ),
    "distributed_interval": Flag("distributed_interval", "uint", cli_only=False),
    "distributed_loginfo": Flag("distributed_loginfo", "bool", cli_only=False),
    "distributed_plugin": Flag("distributed_plugin", "string", cli_only=False),
    "distributed_tls_max_attempts": Flag(
        "distributed_tls_max_attempts", "uint", cli_only=False
    ),
    "distributed_tls_read_endpoint": Flag(
        "distributed_tls_read_endpoint", "string", cli_only=False
    ),
    "distributed_tls_write_endpoint": Flag(
        "distributed_tls_write_endpoint", "string", cli_only=False
    ),
    # POSIX
    "docker_socket": Flag("docker_socket", "string", cli_only=False),
    # Linux
    "enable_bpf_events": Flag("enable_bpf_events", "bool", cli_only=False),
    # Windows
    "enable_dns_lookup_events": Flag(
        "enable_dns_lookup_events", "bool", cli_only=False
    ),
    "enable_extensions_watchdog": Flag(
        "enable_extensions_watchdog", "bool", cli_only=True
    ),
    "enable_file_events": Flag("enable_file_events", "bool", cli_only=False),
    "enable_foreign": Flag("enable_foreign", "bool", cli_only=False),
    # macOS
    "enable_keyboard_events": Flag("enable_keyboard_events", "bool", cli_only=False),
    # macOS
    "enable_mouse_events": Flag("enable_mouse_events", "bool", cli_only=False),
    # Windows
    "enable_ntfs_event_publisher": Flag(
        "enable_ntfs_event_publisher", "bool", cli_only=False
    ),
    "enable_numeric_monitoring": Flag(
        "enable_numeric_monitoring", "bool", cli_only=False
    ),
    # Windows
    "enable_powershell_events_subscriber": Flag(
        "enable_powershell_events_subscriber", "bool", cli_only=False
    ),
    # Windows
    "enable_process_etw_events": Flag(
        "enable_process_etw_events", "bool", cli_only=False
    ),
    # Linux
    "enable_syslog": Flag("enable_syslog", "bool", cli_only=False),
    "enable_tables": Flag("enable_tables", "string", cli_only=True),
    # 5.10.2+
    "enable_watchdog_debug": Flag("enable_watchdog_debug", "bool", cli_only=True),
    # Windows
    "enable_windows_events_publisher": Flag(
        "enable_windows_events_publisher", "bool", cli_only=False
    ),
    # Windows
    "enable_windows_events_subscriber": Flag(
        "enable_windows_events_subscriber", "bool", cli_only=False
    ),
    # hidden
    "enable_yara_string": Flag("enable_yara_string", "bool", cli_only=False),
    "enroll_always": Flag("enroll_always", "bool", cli_only=True),
    "enroll_secret_env": Flag("enroll_secret_env", "string", cli_only=True),
    "enroll_secret_path": Flag("enroll_secret_path", "string", cli_only=True),
    "enroll_tls_endpoint": Flag("enroll_tls_endpoint", "string", cli_only=True),
    "ephemeral": Flag("ephemeral", "bool", cli_only=False),
    # macOS
    "es_fim_enable_open_events": Flag(
        "es_fim_enable_open_events", "bool", cli_only=False
    ),
    # macOS
    "es_fim_mute_path_literal": Flag(
        "es_fim_mute_path_literal", "string", cli_only=False
    ),
    # macOS
    "es_fim_mute_path_prefix": Flag(
        "es_fim_mute_path_prefix", "string", cli_only=False
    ),
    # Windows, hidden
    "etw_kernel_trace_buffer_size": Flag(
        "etw_kernel_trace_buffer_size", "uint", cli_only=False
    ),
    # Windows, hidden
    "etw_kernel_trace_flush_timer": Flag(
        "etw_kernel_trace_flush_timer", "uint", cli_only=False
    ),
    # Windows, hidden
    "etw_kernel_trace_maximum_buffers": Flag(
        "etw_kernel_trace_maximum_buffers", "uint", cli_only=False
    ),
    # Windows, hidden
    "etw_kernel_trace_minimum_buffers": Flag(
        "etw_kernel_trace_minimum_buffers", "uint", cli_only=False
    ),
    # Windows, hidden
    "etw_userspace_trace_buffer_size": Flag(
        "etw_userspace_trace_buffer_size", "uint", cli_only=False
    ),
    # Windows, hidden
    "etw_userspace_trace_flush_timer": Flag(
        "etw_userspace_trace_flush_timer", "uint", cli_only=False
    ),
    # Windows, hidden
    "etw_userspace_trace_maximum_buffers": Flag(
        "etw_userspace_trace_maximum_buffers", "uint", cli_only=False
    ),
    # Windows, hidden
    "etw_userspace_trace_minimum_buffers": Flag(
        "etw_userspace_trace_minimum_buffers", "uint", cli_only=False
    ),
    # hidden
    "events_enforce_denylist": Flag("events_enforce_denylist", "bool", cli_only=False),
    "events_expiry": Flag("events_expiry", "uint", cli_only=False),
    "events_max": Flag("events_max", "uint", cli_only=False),
    "events_optimize": Flag("events_optimize", "bool", cli_only=False),
    # plain gflag (experimental): not applied from options
    "events_streaming_plugin": Flag("events_streaming_plugin", "string", cli_only=True),
    "experiment_list": Flag("experiment_list", "string", cli_only=False),
    # Linux
    "experiments_linuxevents_circular_buffer_size": Flag(
        "experiments_linuxevents_circular_buffer_size", "uint", cli_only=True
    ),
    # Linux
    "experiments_linuxevents_perf_output_size": Flag(
        "experiments_linuxevents_perf_output_size", "uint", cli_only=True
    ),
    "extension": Flag("extension", "string", cli_only=False, shell_only=True),
    "extensions_autoload": Flag("extensions_autoload", "string", cli_only=True),
    "extensions_default_index": Flag(
        "extensions_default_index", "bool", cli_only=False
    ),
    "extensions_interval": Flag("extensions_interval", "string", cli_only=True),
    "extensions_require": Flag("extensions_require", "string", cli_only=True),
    "extensions_socket": Flag("extensions_socket", "string", cli_only=True),
    "extensions_timeout": Flag("extensions_timeout", "string", cli_only=True),
    # gflags: only read from the command line
    "flagfile": Flag("flagfile", "string", cli_only=True),
    "force": Flag("force", "bool", cli_only=True),
    # Windows
    "groups_service_delay": Flag("groups_service_delay", "uint", cli_only=False),
    # Windows
    "groups_service_interval": Flag("groups_service_interval", "uint", cli_only=False),
    # Linux
    "hardware_disabled_types": Flag(
        "hardware_disabled_types", "string", cli_only=False
    ),
    "hash_cache_max": Flag("hash_cache_max", "uint", cli_only=False),
    # hidden
    "hash_delay": Flag("hash_delay", "uint", cli_only=False),
    "header": Flag("header", "bool", cli_only=False, shell_only=True),
    "host_identifier": Flag("host_identifier", "string", cli_only=False),
    # hidden
    "ignore_registry_exceptions": Flag(
        "ignore_registry_exceptions", "bool", cli_only=False
    ),
    "ignore_table_exceptions": Flag("ignore_table_exceptions", "bool", cli_only=False),
    # Windows service
    "install": Flag("install", "bool", cli_only=True),
    # alias meant for extension binaries
    "interval": Flag(
        "interval", "string", cli_only=False, alias_of="extensions_interval"
    ),
    "json": Flag("json", "bool", cli_only=False, shell_only=True),
    "json_pretty": Flag("json_pretty", "bool", cli_only=False, shell_only=True),
    # Linux
    "keep_container_worker_open": Flag(
        "keep_container_worker_open", "bool", cli_only=True
    ),
    # macOS
    "keychain_access_cache": Flag("keychain_access_cache", "bool", cli_only=False),
    # macOS
    "keychain_access_interval": Flag(
        "keychain_access_interval", "uint", cli_only=False
    ),
    "line": Flag("line", "bool", cli_only=False, shell_only=True),
    "list": Flag("list", "bool", cli_only=False, shell_only=True),
    # glog: not applied from options
    "log_dir": Flag("log_dir", "string", cli_only=True),
    "log_numerics_as_numbers": Flag(
        "log_numerics_as_numbers", "bool", cli_only=False, alias_of="logger_numerics"
    ),
    # FLAG_ALIAS(bool, log_result_events, logger_event_type) in osquery's logger
    "log_result_events": Flag(
        "log_result_events", "bool", cli_only=False, alias_of="logger_event_type"
    ),
    # glog: not applied from options
    "logbufsecs": Flag("logbufsecs", "int", cli_only=True),
    "logger_event_type": Flag("logger_event_type", "bool", cli_only=False),
    "logger_kafka_acks": Flag("logger_kafka_acks", "string", cli_only=False),
    "logger_kafka_brokers": Flag("logger_kafka_brokers", "string", cli_only=False),
    "logger_kafka_compression": Flag(
        "logger_kafka_compression", "string", cli_only=False
    ),
    "logger_kafka_topic": Flag("logger_kafka_topic", "string", cli_only=False),
    "logger_min_status": Flag("logger_min_status", "int", cli_only=False),
    "logger_min_stderr": Flag("logger_min_stderr", "int", cli_only=False),
    "logger_mode": Flag("logger_mode", "string", cli_only=True),
    "logger_numerics": Flag("logger_numerics", "bool", cli_only=False),
    "logger_path": Flag("logger_path", "string", cli_only=False),
    "logger_plugin": Flag("logger_plugin", "string", cli_only=True),
    "logger_rotate": Flag("logger_rotate", "bool", cli_only=False),
    "logger_rotate_max_files": Flag("logger_rotate_max_files", "uint", cli_only=False),
    "logger_rotate_size": Flag("logger_rotate_size", "uint", cli_only=False),
    "logger_snapshot_event_type": Flag(
        "logger_snapshot_event_type", "bool", cli_only=False
    ),
    # hidden
    "logger_status_sync": Flag("logger_status_sync", "bool", cli_only=False),
    "logger_stderr": Flag("logger_stderr", "bool", cli_only=True),
    # POSIX
    "logger_syslog_facility": Flag("logger_syslog_facility", "int", cli_only=False),
    # POSIX
    "logger_syslog_prepend_cee": Flag(
        "logger_syslog_prepend_cee", "bool", cli_only=False
    ),
    # 5.12+
    "logger_tls_backoff_max": Flag("logger_tls_backoff_max", "uint", cli_only=False),
    "logger_tls_compress": Flag("logger_tls_compress", "bool", cli_only=False),
    "logger_tls_endpoint": Flag("logger_tls_endpoint", "string", cli_only=False),
    "logger_tls_max": Flag(
        "logger_tls_max", "uint", cli_only=False, alias_of="logger_tls_max_linesize"
    ),
    "logger_tls_max_lines": Flag("logger_tls_max_lines", "uint", cli_only=False),
    "logger_tls_max_linesize": Flag("logger_tls_max_linesize", "uint", cli_only=False),
    "logger_tls_period": Flag("logger_tls_period", "uint", cli_only=False),
    # glog flag osquery registers as CLI-only
    "logtostderr": Flag("logtostderr", "bool", cli_only=True),
    # Linux
    "lxd_socket": Flag("lxd_socket", "string", cli_only=False),
    # Linux only
    "malloc_trim_threshold": Flag("malloc_trim_threshold", "uint", cli_only=False),
    # glog: not applied from options
    "max_log_size": Flag("max_log_size", "uint", cli_only=True),
    # glog: not applied from options
    "minloglevel": Flag("minloglevel", "int", cli_only=True),
    # Windows, hidden
    "ntfs_event_publisher_debug": Flag(
        "ntfs_event_publisher_debug", "bool", cli_only=False
    ),
    "nullvalue": Flag("nullvalue", "string", cli_only=False),
    "numeric_monitoring_filesystem_path": Flag(
        "numeric_monitoring_filesystem_path", "string", cli_only=False
    ),
    "numeric_monitoring_plugins": Flag(
        "numeric_monitoring_plugins", "string", cli_only=False
    ),
    "numeric_monitoring_pre_aggregation_time": Flag(
        "numeric_monitoring_pre_aggregation_time", "uint", cli_only=False
    ),
    "osquery_log_dir": Flag(
        "osquery_log_dir", "string", cli_only=False, alias_of="logger_path"
    ),
    "pack": Flag("pack", "string", cli_only=False, shell_only=True),
    "pack_delimiter": Flag("pack_delimiter", "string", cli_only=False),
    "pack_refresh_interval": Flag("pack_refresh_interval", "uint", cli_only=False),
    "pidfile": Flag("pidfile", "string", cli_only=True),
    "planner": Flag("planner", "bool", cli_only=False, shell_only=True),
    "profile": Flag("profile", "int", cli_only=False, shell_only=True),
    # hidden
    "profile_delay": Flag("profile_delay", "int", cli_only=False),
    "proxy_hostname": Flag("proxy_hostname", "string", cli_only=True),
    "read_max": Flag("read_max", "uint", cli_only=False),
    # hidden
    "regex_max_size": Flag("regex_max_size", "uint", cli_only=False),
    # hidden
    "rocksdb_background_flushes": Flag(
        "rocksdb_background_flushes", "int", cli_only=False
    ),
    # hidden
    "rocksdb_buffer_blocks": Flag("rocksdb_buffer_blocks", "int", cli_only=False),
    # hidden
    "rocksdb_merge_number": Flag("rocksdb_merge_number", "int", cli_only=False),
    # hidden
    "rocksdb_write_buffer": Flag("rocksdb_write_buffer", "int", cli_only=False),
    "schedule_default_interval": Flag(
        "schedule_default_interval", "uint", cli_only=False
    ),
    "schedule_epoch": Flag("schedule_epoch", "uint", cli_only=False),
    "schedule_lognames": Flag("schedule_lognames", "bool", cli_only=False),
    "schedule_max_drift": Flag("schedule_max_drift", "uint", cli_only=False),
    "schedule_reload": Flag("schedule_reload", "uint", cli_only=False),
    # hidden
    "schedule_reload_sql": Flag("schedule_reload_sql", "bool", cli_only=False),
    "schedule_splay_percent": Flag("schedule_splay_percent", "uint", cli_only=False),
    "schedule_timeout": Flag("schedule_timeout", "uint", cli_only=False),
    "separator": Flag("separator", "string", cli_only=False, shell_only=True),
    # alias meant for extension binaries
    "socket": Flag("socket", "string", cli_only=False, alias_of="extensions_socket"),
    "specified_identifier": Flag("specified_identifier", "string", cli_only=False),
    # glog flag osquery registers as CLI-only
    "stderrthreshold": Flag("stderrthreshold", "int", cli_only=True),
    # glog: not applied from options
    "stop_logging_if_full_disk": Flag(
        "stop_logging_if_full_disk", "bool", cli_only=True
    ),
    # Linux
    "syslog_events_expiry": Flag("syslog_events_expiry", "uint", cli_only=False),
    # Linux
    "syslog_events_max": Flag("syslog_events_max", "uint", cli_only=False),
    # Linux
    "syslog_pipe_path": Flag("syslog_pipe_path", "string", cli_only=False),
    # Linux
    "syslog_rate_limit": Flag("syslog_rate_limit", "uint", cli_only=False),
    "table_delay": Flag("table_delay", "uint", cli_only=False),
    # older 5.x spelling of ignore_table_exceptions
    "table_exceptions": Flag("table_exceptions", "bool", cli_only=False),
    "thrift_string_size_limit": Flag("thrift_string_size_limit", "int", cli_only=False),
    "thrift_timeout": Flag("thrift_timeout", "uint", cli_only=False),
    "thrift_verbose": Flag("thrift_verbose", "bool", cli_only=False),
    # alias meant for extension binaries
    "timeout": Flag("timeout", "string", cli_only=False, alias_of="extensions_timeout"),
    "tls_client_cert": Flag("tls_client_cert", "string", cli_only=True),
    "tls_client_key": Flag("tls_client_key", "string", cli_only=True),
    "tls_disable_status_log": Flag("tls_disable_status_log", "bool", cli_only=False),
    # hidden
    "tls_dump": Flag("tls_dump", "bool", cli_only=False),
    "tls_enroll_max_attempts": Flag("tls_enroll_max_attempts", "uint", cli_only=True),
    "tls_enroll_max_interval": Flag("tls_enroll_max_interval", "uint", cli_only=True),
    # hidden
    "tls_enroll_override": Flag("tls_enroll_override", "string", cli_only=False),
    "tls_hostname": Flag("tls_hostname", "string", cli_only=True),
    # hidden
    "tls_node_api": Flag("tls_node_api", "bool", cli_only=False),
    # hidden
    "tls_secret_always": Flag("tls_secret_always", "bool", cli_only=False),
    "tls_server_certs": Flag("tls_server_certs", "string", cli_only=True),
    "tls_session_reuse": Flag("tls_session_reuse", "bool", cli_only=True),
    "tls_session_timeout": Flag("tls_session_timeout", "uint", cli_only=True),
    # Windows service
    "uninstall": Flag("uninstall", "bool", cli_only=True),
    # Windows
    "users_service_delay": Flag("users_service_delay", "uint", cli_only=False),
    # Windows
    "users_service_interval": Flag("users_service_interval", "uint", cli_only=False),
    # Windows, hidden
    "usn_journal_reader_debug": Flag(
        "usn_journal_reader_debug", "bool", cli_only=False
    ),
    # hidden, deprecated no-op kept for old configs
    "utc": Flag("utc", "bool", cli_only=False),
    # glog: not applied from options
    "v": Flag("v", "int", cli_only=True),
    "verbose": Flag("verbose", "bool", cli_only=False),
    "watchdog_delay": Flag("watchdog_delay", "uint", cli_only=True),
    "watchdog_forced_shutdown_delay": Flag(
        "watchdog_forced_shutdown_delay", "uint", cli_only=True
    ),
    "watchdog_latency_limit": Flag("watchdog_latency_limit", "uint", cli_only=True),
    "watchdog_level": Flag("watchdog_level", "int", cli_only=True),
    # hidden
    "watchdog_max_delay": Flag("watchdog_max_delay", "uint", cli_only=False),
    "watchdog_memory_limit": Flag("watchdog_memory_limit", "uint", cli_only=True),
    "watchdog_utilization_limit": Flag(
        "watchdog_utilization_limit", "uint", cli_only=True
    ),
    # Windows
    "windows_event_channels": Flag("windows_event_channels", "string", cli_only=False),
    # deprecated in 5.12
    "worker_threads": Flag("worker_threads", "int", cli_only=False),
    "yara_delay": Flag("yara_delay", "uint", cli_only=False),
    # Linux, hidden, deprecated
    "yara_malloc_trim": Flag("yara_malloc_trim", "bool", cli_only=False),
    # 5.14+
    "yara_sigurl_authenticate": Flag(
        "yara_sigurl_authenticate", "bool", cli_only=False
    ),
}


def is_custom(name: str) -> bool:
    """True for ``custom_*`` option names, which osquery accepts as strings."""
    return name.startswith(CUSTOM_PREFIX) and name not in FLAGS


def lookup(name: str) -> Flag | None:
    """The flag named ``name`` (exact, case-sensitive), or None if unknown.

    ``custom_*`` names are accepted by osquery, so they yield a synthetic
    string entry; check :func:`is_custom` to tell them apart.
    """
    flag = FLAGS.get(name)
    if flag is None and is_custom(name):
        return Flag(name, "string", cli_only=False)
    return flag
