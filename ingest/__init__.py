"""Ingest: read files, cut passages, recognise and link entities, write one named graph each."""
