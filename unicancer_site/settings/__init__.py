"""Settings package: ``base`` for every environment, ``production`` on top of it."""
