"""Factline: real events and a story\x27s plot points on one timeline."""
