"""The Starlette application (`app`): one `View` per room page (`views`), drawn by the `render`er
for the first page and every push; the doors — `pages`, the secretariat's desks (`organiser`,
`panels`), the JSON `api`, the websocket (`live`), the record's `exports` — all reaching the one
command path; who is at the other end (`auth`), what every answer carries and every form may hold
(`security`, `httpguard`, `accesslog`), and the reader's language (`i18n`)."""
