"""The installed distribution's version, or the source tree's when not installed."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("rnnscope")
except PackageNotFoundError:  # running from a bare checkout
    VERSION = "0+unknown"
