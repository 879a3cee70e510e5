"""Widgets around the timeline: detail panel, source viewer, legend, verdicts, search box, banners."""
