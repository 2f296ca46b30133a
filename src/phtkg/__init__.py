"""phtkg: a knowledge graph and query tool for proximal hamstring tendinopathy."""

__version__ = "0.1.0"
