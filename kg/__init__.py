"""policykg: knowledge graph and semantic search for regional industrial policy alignment."""

__version__ = "0.1.0"
PIPELINE_VERSION = f"policykg-{__version__}"
