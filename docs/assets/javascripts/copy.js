// copy: see the header comment once written.
