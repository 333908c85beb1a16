"""rcp-desktop: multidisciplinary case conferences for a CPTS, on one laptop."""

__version__ = "0.1.0"
APP_NAME = "rcp-desktop"
