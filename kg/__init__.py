"""policykg: knowledge graph and semantic search for regional industrial policy alignment."""

__version__ = "0.2.0"
PIPELINE_VERSION = f"policykg-{__version__}"
