"""Publishing the graph: linked data, dumps, the sitemap, schema.org, /sparql and the ORUK API."""
