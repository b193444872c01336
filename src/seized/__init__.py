"""seized: from a seized darknet-market server to evidence-backed target packages."""

__version__ = "0.1.0"
