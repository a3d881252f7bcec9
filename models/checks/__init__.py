"""Layer 2, the checks: structure, soundness and applicability of a model, and `verify`."""
