"""handout: massage routines in YAML to print-ready PDFs."""

__version__ = "0.1.0"


def installed_version() -> str:
    """The installed package's version, else (run from a source tree) the one in the code."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("handout")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return __version__
