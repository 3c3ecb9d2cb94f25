"""The home map, the mind map, related topics, paths between records and the A-Z."""
