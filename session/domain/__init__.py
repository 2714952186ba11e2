"""The rules of procedure, pure: state, commands, events, ordering and the timer.

Nothing here reads a clock, touches a database or imports a framework: time is passed in,
and every decision is a function of the state it was made against.

Each command is declared once, in its topic's module (`procedure` says how): `speakers_list`,
`floor`, `timekeeping`, `interposed`, `segments`, `record`, `panels`, `interest`, `suggestion`, `priority`,
`budgets`, `walk_ins`, `undo`. Below them: `state`, `timer`, `participants`, `roles`, `rules` (shared by
several commands), `ordering`, `balance`, `text`. Above them, the doors the rest of the
application uses: `commands` (parsing), `permissions` (who may), `room` (decide, apply, replay)
and `choices` (what may be done now, by dry-running the decisions).
"""
