"""/gaps: gap analyses, the joint commissioning report, compare councils and the districts (the analyses are
graph_app/gaps/). Every page is on the one `gaps` blueprint (choices.py); importing the package registers
the routes of each module that adds pages to it."""

from . import compare, districts, report_commentary_views, report_print, snapshot_views, version_setup, views  # noqa: F401
