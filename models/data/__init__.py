"""Layer 1, the model: frozen protocol data, BPMN XML in and out, diagram layout, conditions,
calendars and the catalogue. Imports nothing else of missingsim."""
