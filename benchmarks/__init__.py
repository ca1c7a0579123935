"""Performance measurements of the library: `make bench` (or `python -m benchmarks.run`)."""
