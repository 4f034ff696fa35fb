"""One module per document format; `read_document` picks by file extension."""
