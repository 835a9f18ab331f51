// values: see the header comment once written.
