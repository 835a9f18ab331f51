// search: see the header comment once written.
