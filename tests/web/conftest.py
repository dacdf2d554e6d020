"""The search index fixture of the matching tests: an empty index, emptied again after."""

from tests.matching.test_matches import index_engine

__all__ = ["index_engine"]
