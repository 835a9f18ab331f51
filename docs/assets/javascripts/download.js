// download: see the header comment once written.
