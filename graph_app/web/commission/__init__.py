"""/gaps: gap analyses and the joint commissioning report (the analyses are graph_app/gaps/)."""
