"""Formats for taking a dataset out of the app: references to cite. Pure: no Qt."""
