# @summary Deploys osquery.conf, the flag file, the packs and the enroll secret.
#
# The files come from this module's `files/` directory byte for byte. Their contents
# are never shown in diffs: they can name enroll and TLS settings.
#
# @api private
class osquery_fleet::config {
  assert_private()

  $config_dir = $osquery_fleet::config_dir
  $config_path = "${config_dir}/osquery.conf"

  file { $config_dir:
    ensure => directory,
    owner  => 'root',
    group  => 'root',
    mode   => '0750',
  }

  file { "${config_dir}/osquery.flags":
    ensure    => file,
    owner     => 'root',
    group     => 'root',
    mode      => '0640',
    show_diff => false,
    source    => "puppet:///modules/${module_name}/osquery.flags",
  }

  # Puppet owns the whole directory: pack files that left the inventory are deleted.
  $packs_dir = $osquery_fleet::packs_dir
  $packs = [
    'linux_collection',
    'linux_command_and_control',
    'linux_credential_access',
    'linux_defense_evasion',
    'linux_discovery',
    'linux_execution',
    'linux_exfiltration',
    'linux_impact',
    'linux_initial_access',
    'linux_lateral_movement',
    'linux_persistence',
    'linux_privilege_escalation',
    'linux_software',
    'posix_command_and_control',
    'posix_credential_access',
    'posix_defense_evasion',
    'posix_discovery',
    'posix_execution',
    'posix_exfiltration',
    'posix_file_integrity',
    'posix_impact',
    'posix_privilege_escalation',
    'posix_system',
  ]

  file { $packs_dir:
    ensure  => directory,
    owner   => 'root',
    group   => 'root',
    mode    => '0750',
    recurse => true,
    purge   => true,
    force   => true,
  }

  $packs.each |String $pack| {
    file { "${packs_dir}/${pack}.conf":
      ensure    => file,
      owner     => 'root',
      group     => 'root',
      mode      => '0640',
      show_diff => false,
      source    => "puppet:///modules/${module_name}/packs/${pack}.conf",
      before    => File[$config_path],
    }
  }

  file { $config_path:
    ensure       => file,
    owner        => 'root',
    group        => 'root',
    mode         => '0640',
    show_diff    => false,
    source       => "puppet:///modules/${module_name}/osquery.conf",
    validate_cmd => $osquery_fleet::validate_cmd,
  }

  file { "${config_dir}/enroll_secret":
    ensure    => file,
    owner     => 'root',
    group     => 'root',
    mode      => '0600',
    show_diff => false,
    backup    => false,
    content   => $osquery_fleet::enroll_secret,
  }
}
