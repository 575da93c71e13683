"""runbook-lint: static analysis for Elasticsearch CCR upgrade runbooks."""

__version__ = "0.1.0"
