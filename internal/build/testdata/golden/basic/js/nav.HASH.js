(compared by name)
