"""Layer 5, a run: scenarios, populations (synthetic and SSDA903), the plan, the SimPy engine,
staff, and the runner that replicates it (in processes or on Dask)."""
