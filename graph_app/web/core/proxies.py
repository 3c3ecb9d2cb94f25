"""Behind reverse proxies: trust exactly as many X-Forwarded-For/-Proto/-Host hops as the deployment says
(GRAPH_APP_TRUSTED_PROXIES), so per-address rate limits see the visitor's address, not the proxy's, and
links and secure cookies use the scheme and host the visitor used. With none configured the headers are
ignored: trusting them without a proxy would let anyone choose their own address."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = app.config["SETTINGS"].trusted_proxies
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
