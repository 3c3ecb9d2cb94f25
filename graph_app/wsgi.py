"""The WSGI entry point for production servers: `gunicorn graph_app.wsgi:app`.
Settings come from GRAPH_APP_* variables (e.g. GRAPH_APP_SPARQL_URL for a remote store)."""

from .web import create_app

app = create_app()
