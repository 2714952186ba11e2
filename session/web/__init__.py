"""The Starlette application: pages per role, the JSON API and the websocket endpoint."""
