"""The `policykg` command line: thin commands over the kg, ingest and search_api libraries."""
