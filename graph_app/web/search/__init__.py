"""/search and its suggestions, over the text index (graph_app/search/)."""
