class ApplicationError(Exception):
    """A domain rule said no. Views turn it into a form error or a 4xx with `message` shown to the user."""

    def __init__(self, message: str, *, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field
