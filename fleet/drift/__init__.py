"""Drift: read what is deployed on hosts and report what differs from the inventory.

The pipeline, one module each:

- ``hosts``: which hosts to read and which target each belongs to (a hosts file, an
  Ansible inventory, addresses on the command line);
- ``plan``: which files a host of a target and platform should hold;
- ``read``: readers behind one protocol, chosen by the address scheme (a directory,
  any host pytest-testinfra reaches), and the streamed results export;
- ``rules``: the drift rules, on top of the one comparison engine ``fleet.compare``;
- ``run``: reads hosts in parallel with a bound and a timeout, checks each;
- ``report``: text, JSON, Markdown and JUnit renderings of the result.
"""
