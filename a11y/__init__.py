"""a11y: Korean news articles as accessible pages and narrated audio."""

__version__ = "0.1.0"
