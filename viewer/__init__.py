"""Factline: real events and a story's plot points on one zoomable timeline."""
