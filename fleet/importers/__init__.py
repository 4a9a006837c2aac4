"""``fleet import``: turn osquery configs, flag files, Fleet YAML and defense-kit SQL
into inventory files, mapping everything that maps and saying what does not.

The pipeline: ``detect`` finds and classifies files; a reader per format
(``osquery_json``, ``flagfile``, ``fleet_yaml``/``gitops``, ``defense_kit``) maps
values through ``fields`` onto drafts (``model``); ``run`` resolves references across
files and ``finish`` names and merges; ``writer`` lays the drafts out as YAML and
``output`` writes them without overwriting anything.
"""

from fleet.importers.output import Saved, save
from fleet.importers.run import import_sources

__all__ = ["Saved", "import_sources", "save"]
