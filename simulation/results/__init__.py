"""Layer 6, results: KPI tables, event logs, reports, comparisons, staffing searches and the
folders they are published to."""
