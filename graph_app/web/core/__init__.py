"""What every area of the web layer may use, and which imports no area: links and IRI parsing, languages
and labels, the area choice, the JSON twin, the cookie session, CSRF, security headers, proxies, the page
cache and the page frame."""
