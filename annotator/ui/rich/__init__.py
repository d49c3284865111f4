"""Rich annotation: links, attributes, the actor registry, suggestions and the schema editor."""
