(static file, compared by name)
