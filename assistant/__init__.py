"""Klantreis-assistent: the core (process model, interview, advice, exports, storage, CLI)."""

__version__ = "0.1.0"
