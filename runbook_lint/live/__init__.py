"""Live cluster state: snapshots, alias resolution and the topology they give (live.md)."""
