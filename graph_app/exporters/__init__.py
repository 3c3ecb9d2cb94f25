"""Exports of the public graph: dumps (whole and per council) and the dataset description."""
