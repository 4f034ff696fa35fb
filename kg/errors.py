"""One exception hierarchy whose messages are meant for users (CLI line, problem+json body)."""


class PolicyKGError(Exception):
    """Base class: the message is shown to the user as it is."""

    status = 400
    title = "Bad request"


class ConfigError(PolicyKGError):
    title = "Configuration error"


class NotFoundError(PolicyKGError):
    status = 404
    title = "Not found"


class InputError(PolicyKGError):
    """Bad input file or parameters: unknown format, corrupt, wrong encoding, missing columns."""

    status = 422
    title = "Unprocessable input"


class TooLargeError(InputError):
    status = 413
    title = "Payload too large"


class QueryError(PolicyKGError):
    """A malformed or forbidden query (e.g. SPARQL UPDATE on the read-only endpoint)."""

    title = "Bad query"


class StoreError(PolicyKGError):
    status = 503
    title = "Store unavailable"


class IndexMismatchError(PolicyKGError):
    status = 503
    title = "Index out of date"
