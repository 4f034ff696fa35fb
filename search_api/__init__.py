"""HTTP layer: FastAPI app, routes that validate, call one kg function and shape the response."""
