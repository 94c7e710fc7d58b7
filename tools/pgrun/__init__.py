"""pairguard-run's logic: the report stream parser, configurations, matrices,
expectations, QEMU runs, JUnit/TAP output and progress (see tools/pairguard-run)."""
