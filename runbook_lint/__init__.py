"""runbook-lint: static analysis for Elasticsearch CCR upgrade runbooks."""

__version__ = "0.2.0"
