"""The MkDocs adapter: the only part of journeymaps that imports MkDocs."""
