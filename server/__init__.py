"""rnnscope's HTTP service: a FastAPI app (`server.main:app`) in front of `core`."""
