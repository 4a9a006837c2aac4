# @summary Deploys the osquery configuration that fleet compiled for one target.
#
# Installs osquery and deploys the configuration, the flag file, one file per pack
# and the enroll secret. The configuration files are copied byte for byte from
# this module's `files/` directory. Any change to a deployed file refreshes the
# service once per Puppet run (or runs `restart_command` when Puppet does not
# manage the service).
#
# @example With the defaults from the module's data
#   include osquery_fleet
#
# @example Giving the enroll secret in code rather than in Hiera
#   class { 'osquery_fleet':
#     enroll_secret => Sensitive($enroll_secret),
#   }
#
# @param package_version
#   The osquery package version to install, pinned, as the package manager names it
#   (osquery's own packages: `X.Y.Z-1.linux`).
# @param config_dir
#   The directory osquery reads `osquery.conf` and `osquery.flags` from; the enroll
#   secret is written there too. Change it only to stage the files elsewhere: the
#   flag file names the compiled paths.
# @param packs_dir
#   The directory holding one file per pack. Puppet owns it: files it does not
#   manage are deleted. Change it only to stage the files elsewhere: `osquery.conf`
#   names the compiled pack paths.
# @param manage_package
#   Whether to install the osquery package at `package_version`.
# @param manage_service
#   Whether to keep the osquery service running and enabled, and restart it when any
#   deployed file changes.
# @param service_name
#   The name of osquery's service.
# @param validate_cmd
#   A command that checks a new `osquery.conf` before it replaces the old one (`%`
#   stands for the new file). The default needs osquery installed; `~` (null) in
#   Hiera skips the check.
# @param restart_command
#   When `manage_service` is false: a command run once in every Puppet run that
#   changed a deployed file, for an osqueryd that something other than Puppet
#   supervises. `undef`: nothing is restarted.
# @param enroll_secret
#   The enroll secret, written to `enroll_secret` in `config_dir` (the flag file's
#   `--enroll_secret_path`). Required: the catalog fails without it. A Hiera value
#   is converted to Sensitive by this module's lookup options.
class osquery_fleet (
  String[1] $package_version,
  Stdlib::Unixpath $config_dir,
  Stdlib::Unixpath $packs_dir,
  Boolean $manage_package,
  Boolean $manage_service,
  String[1] $service_name,
  Optional[String[1]] $validate_cmd,
  Optional[String[1]] $restart_command = undef,
  Optional[Sensitive[String[1]]] $enroll_secret = undef,
) {
  if $enroll_secret =~ Undef {
    fail(@("MESSAGE"/L))
      ${module_name}::enroll_secret is not set, but the flag file points osquery at \
      ${config_dir}/enroll_secret: give the secret in Hiera (converted to Sensitive) \
      or declare the class with enroll_secret => Sensitive('...').
      |-MESSAGE
  }

  contain osquery_fleet::install
  contain osquery_fleet::config
  contain osquery_fleet::service

  Class['osquery_fleet::install']
  -> Class['osquery_fleet::config']
  ~> Class['osquery_fleet::service']
}
