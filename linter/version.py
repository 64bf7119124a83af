"""brandlint's version, in a module of its own so that anything may import it (the
snapshot writer, the SARIF writer, the CLI) without importing the package's public API."""
__version__ = "0.1.0"
