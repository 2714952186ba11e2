"""session: realtime facilitation for UN-style meetings."""
