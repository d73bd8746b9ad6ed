"""Trust-building self-assessment for P/CVE practitioners, after the RAN FC&S paper (2024)."""
