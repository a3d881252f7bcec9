"""Layer 8, the command line (`missingsim`) and the local web app it starts."""
