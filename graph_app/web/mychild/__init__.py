"""/my-child: a personal map from age, area and needs, with nothing stored on the server."""
