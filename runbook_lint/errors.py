"""The errors a user can fix, shared by the CLI and every command (a leaf module)."""


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""
