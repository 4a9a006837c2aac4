# @summary Keeps osqueryd running; refreshed when any deployed file changes.
#
# With `manage_service` false, `restart_command` stands in for the service restart.
#
# @api private
class osquery_fleet::service {
  assert_private()

  if $osquery_fleet::manage_service {
    service { $osquery_fleet::service_name:
      ensure => running,
      enable => true,
    }
  } elsif $osquery_fleet::restart_command =~ NotUndef {
    exec { "${module_name}-restart":
      command     => $osquery_fleet::restart_command,
      path        => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'],
      refreshonly => true,
    }
  }
}
