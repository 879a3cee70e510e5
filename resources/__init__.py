"""Factline's bundled files (datasets, desktop entry, icons, AppStream metainfo).

In the source tree this is the top-level ``resources/`` folder; the wheel installs it as the
package ``viewer.bundled`` (pyproject.toml maps it), read with importlib.resources (see
viewer/resources.py). It holds data only."""
