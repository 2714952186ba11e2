"""The live path: commands in, "room R is at version N" out, each connection re-rendering its view."""
