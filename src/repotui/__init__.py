"""repotui: a terminal browser for the records of an institutional research repository."""

__version__ = "0.1.0"
