"""Adapters to the outside world (config, clipboard, opener, downloads, importers, exporters).

No module here imports textual or rich; a test enforces it.
"""
