"""Layer 3, the analyses: rule tables, deadline reachability, composition and the gap analysis.
They return data; formatting lives in `simulation.results`."""
