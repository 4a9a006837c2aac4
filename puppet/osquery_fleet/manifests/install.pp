# @summary Installs the pinned osquery package.
#
# @api private
class osquery_fleet::install {
  assert_private()

  if $osquery_fleet::manage_package {
    package { 'osquery':
      ensure => $osquery_fleet::package_version,
    }
  }
}
